
use builtin;
use str;

set edit:completion:arg-completer[hub] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'hub'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'hub'= {
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand catalog 'Work with the catalog: validate files, build the index, query it'
            cand whoowns 'Who owns a service: the owning team, its contacts and members, who to escalate to, and the owners of its System and Domain'
            cand clients 'The managed-services clients: cloud, modules, last change, drift and owner of each'
            cand tui 'The client overview dashboard in the terminal'
            cand generate 'Generate shell completions and man pages (used to build releases)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;catalog'= {
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand validate 'Validate catalog files exactly as Backstage would ingest them'
            cand index 'Index every catalog file under the given folders, for fast queries'
            cand get 'Print one entity in the catalog API''s shape'
            cand query 'Find entities with Backstage''s filter syntax'
            cand graph 'Show the relations around an entity as a tree, DOT or Mermaid'
            cand doctor 'Report catalog problems: invalid files, dangling refs, and orphans'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;catalog;validate'= {
            cand --glob 'Also treat files matching this glob as catalog files when searching folders, e.g. `*.yaml` or `catalog/**/*.yaml`. Repeatable'
            cand --format 'Output format'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand --strict 'Treat warnings as failures: exit 1 when there are any'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;catalog;index'= {
            cand --glob 'Also index files matching this glob, beside catalog-info.yaml/.yml. Repeatable'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand --force 'Rebuild even when no file changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;catalog;get'= {
            cand -o 'o'
            cand --output 'output'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;catalog;query'= {
            cand --fields 'Only these dotted fields in JSON and YAML output (comma-separated), e.g. `metadata.name,spec.owner`'
            cand --sort 'Order by a dotted field; `-field` or `field:desc` for descending'
            cand -o 'o'
            cand --output 'output'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;catalog;graph'= {
            cand --depth 'How many relation hops to follow'
            cand --format 'format'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;catalog;doctor'= {
            cand -o 'o'
            cand --output 'output'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;catalog;help'= {
            cand validate 'Validate catalog files exactly as Backstage would ingest them'
            cand index 'Index every catalog file under the given folders, for fast queries'
            cand get 'Print one entity in the catalog API''s shape'
            cand query 'Find entities with Backstage''s filter syntax'
            cand graph 'Show the relations around an entity as a tree, DOT or Mermaid'
            cand doctor 'Report catalog problems: invalid files, dangling refs, and orphans'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;catalog;help;validate'= {
        }
        &'hub;catalog;help;index'= {
        }
        &'hub;catalog;help;get'= {
        }
        &'hub;catalog;help;query'= {
        }
        &'hub;catalog;help;graph'= {
        }
        &'hub;catalog;help;doctor'= {
        }
        &'hub;catalog;help;help'= {
        }
        &'hub;whoowns'= {
            cand --team 'List everything this team owns, directly and through its child groups'
            cand -o 'o'
            cand --output 'output'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;clients'= {
            cand --domain 'The domain whose Systems are clients [default: clients.domain in hub''s config, else managed-services]'
            cand -o 'o'
            cand --output 'output'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;tui'= {
            cand --domain 'The domain whose Systems are clients [default: clients.domain in hub''s config, else managed-services]'
            cand --theme 'Colours: `default` or `high-contrast` [default: tui.theme in hub''s config, else default]. NO_COLOR and --color never turn colour off whatever the theme'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;generate'= {
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand completions 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder'
            cand man 'Write man pages, one per command, into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;generate;completions'= {
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;generate;man'= {
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;generate;help'= {
            cand completions 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder'
            cand man 'Write man pages, one per command, into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;generate;help;completions'= {
        }
        &'hub;generate;help;man'= {
        }
        &'hub;generate;help;help'= {
        }
        &'hub;help'= {
            cand catalog 'Work with the catalog: validate files, build the index, query it'
            cand whoowns 'Who owns a service: the owning team, its contacts and members, who to escalate to, and the owners of its System and Domain'
            cand clients 'The managed-services clients: cloud, modules, last change, drift and owner of each'
            cand tui 'The client overview dashboard in the terminal'
            cand generate 'Generate shell completions and man pages (used to build releases)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;help;catalog'= {
            cand validate 'Validate catalog files exactly as Backstage would ingest them'
            cand index 'Index every catalog file under the given folders, for fast queries'
            cand get 'Print one entity in the catalog API''s shape'
            cand query 'Find entities with Backstage''s filter syntax'
            cand graph 'Show the relations around an entity as a tree, DOT or Mermaid'
            cand doctor 'Report catalog problems: invalid files, dangling refs, and orphans'
        }
        &'hub;help;catalog;validate'= {
        }
        &'hub;help;catalog;index'= {
        }
        &'hub;help;catalog;get'= {
        }
        &'hub;help;catalog;query'= {
        }
        &'hub;help;catalog;graph'= {
        }
        &'hub;help;catalog;doctor'= {
        }
        &'hub;help;whoowns'= {
        }
        &'hub;help;clients'= {
        }
        &'hub;help;tui'= {
        }
        &'hub;help;generate'= {
            cand completions 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder'
            cand man 'Write man pages, one per command, into a folder'
        }
        &'hub;help;generate;completions'= {
        }
        &'hub;help;generate;man'= {
        }
        &'hub;help;help'= {
        }
    ]
    $completions[$command]
}
