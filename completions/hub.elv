
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
            cand status 'Live status of a service''s workloads across Kubernetes clusters'
            cand login 'Sign in to your organisation''s OpenID provider (Okta) with the device flow'
            cand logout 'Sign out: revoke the session at the provider, then delete the stored tokens'
            cand auth 'Sign-in state'
            cand whoami 'Who you are signed in as: email, name, groups, token expiry, where the tokens are kept, and the catalog User with your email, with its groups and what they own'
            cand docs 'Read an entity''s TechDocs in the terminal, list its pages, or search every docs page'
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
            cand --profile 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]'
            cand --store 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]'
            cand -o 'o'
            cand --output 'output'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand --mine 'List everything you own: you and your groups, as the catalog User with your signed-in email (see `hub login`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;status'= {
            cand --cluster 'Only this cluster; repeat for several. Default: every configured cluster'
            cand --timeout 'How long to wait for each cluster, e.g. `5s`, `800ms`, `2` (seconds)'
            cand --interval 'How often --watch refreshes, e.g. `2s`'
            cand -o 'o'
            cand --output 'output'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand --logs 'Show the last lines of the previous container of each crash-looping pod'
            cand --watch 'Refresh in place until interrupted'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;login'= {
            cand --profile 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]'
            cand --store 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand --open 'Also open the verification page in the default browser'
            cand --no-qr 'Do not draw the QR code'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;logout'= {
            cand --profile 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]'
            cand --store 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;auth'= {
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show who is signed in (the same as `hub whoami`), refreshing an expired session'
            cand set-token 'Keep a token in the OS keyring under NAME, read from standard input: a cluster''s ServiceAccount token for `tokenKeyring: NAME` in hub''s cluster config'
            cand delete-token 'Forget a token kept with `hub auth set-token`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;auth;status'= {
            cand --profile 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]'
            cand --store 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]'
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
        &'hub;auth;set-token'= {
            cand --store 'Where tokens are kept, as for `hub login` [default: `auth.store` in hub''s config, else keyring]'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;auth;delete-token'= {
            cand --store 'Where tokens are kept, as for `hub login` [default: `auth.store` in hub''s config, else keyring]'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;auth;help'= {
            cand status 'Show who is signed in (the same as `hub whoami`), refreshing an expired session'
            cand set-token 'Keep a token in the OS keyring under NAME, read from standard input: a cluster''s ServiceAccount token for `tokenKeyring: NAME` in hub''s cluster config'
            cand delete-token 'Forget a token kept with `hub auth set-token`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;auth;help;status'= {
        }
        &'hub;auth;help;set-token'= {
        }
        &'hub;auth;help;delete-token'= {
        }
        &'hub;auth;help;help'= {
        }
        &'hub;whoami'= {
            cand --profile 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]'
            cand --store 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]'
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
        &'hub;docs'= {
            cand --search 'Search every indexed docs page for these words (all must occur; the last may be the start of a word; quote a phrase). Build the search index with `hub docs index`'
            cand --limit 'How many search results to show'
            cand --width 'Wrap pages at this many columns [default: the terminal''s width, else $COLUMNS, else 80]'
            cand -o '`table` renders the page (or tree, or results) for people; `json` and `yaml` print the page''s Markdown and metadata, the nav tree, or the search results as data'
            cand --output '`table` renders the page (or tree, or results) for people; `json` and `yaml` print the page''s Markdown and metadata, the nav tree, or the search results as data'
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand --list 'Print the site''s page tree (nav sections, titles, files) instead of a page'
            cand --no-pager 'Print straight to standard output, never through a pager'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand index 'Build the docs search index: every page of every entity with a techdocs-ref in the catalog index. `hub catalog index` also does this'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;docs;index'= {
            cand --app-config 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment'
            cand --config 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]'
            cand --color 'When to use colour. `NO_COLOR` in the environment also turns it off'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hub;docs;help'= {
            cand index 'Build the docs search index: every page of every entity with a techdocs-ref in the catalog index. `hub catalog index` also does this'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hub;docs;help;index'= {
        }
        &'hub;docs;help;help'= {
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
            cand status 'Live status of a service''s workloads across Kubernetes clusters'
            cand login 'Sign in to your organisation''s OpenID provider (Okta) with the device flow'
            cand logout 'Sign out: revoke the session at the provider, then delete the stored tokens'
            cand auth 'Sign-in state'
            cand whoami 'Who you are signed in as: email, name, groups, token expiry, where the tokens are kept, and the catalog User with your email, with its groups and what they own'
            cand docs 'Read an entity''s TechDocs in the terminal, list its pages, or search every docs page'
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
        &'hub;help;status'= {
        }
        &'hub;help;login'= {
        }
        &'hub;help;logout'= {
        }
        &'hub;help;auth'= {
            cand status 'Show who is signed in (the same as `hub whoami`), refreshing an expired session'
            cand set-token 'Keep a token in the OS keyring under NAME, read from standard input: a cluster''s ServiceAccount token for `tokenKeyring: NAME` in hub''s cluster config'
            cand delete-token 'Forget a token kept with `hub auth set-token`'
        }
        &'hub;help;auth;status'= {
        }
        &'hub;help;auth;set-token'= {
        }
        &'hub;help;auth;delete-token'= {
        }
        &'hub;help;whoami'= {
        }
        &'hub;help;docs'= {
            cand index 'Build the docs search index: every page of every entity with a techdocs-ref in the catalog index. `hub catalog index` also does this'
        }
        &'hub;help;docs;index'= {
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
