
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
            cand catalog 'Work with catalog files: validate them before Backstage reads them'
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
        &'hub;catalog;help'= {
            cand validate 'Validate catalog files exactly as Backstage would ingest them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;catalog;help;validate'= {
        }
        &'hub;catalog;help;help'= {
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
            cand catalog 'Work with catalog files: validate them before Backstage reads them'
            cand generate 'Generate shell completions and man pages (used to build releases)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;help;catalog'= {
            cand validate 'Validate catalog files exactly as Backstage would ingest them'
        }
        &'hub;help;catalog;validate'= {
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
