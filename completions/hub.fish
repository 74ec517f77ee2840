# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_hub_global_optspecs
    string join \n app-config= config= color= h/help V/version
end

function __fish_hub_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_hub_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_hub_using_subcommand
    set -l cmd (__fish_hub_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c hub -n "__fish_hub_needs_command" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_needs_command" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_needs_command" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_needs_command" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_needs_command" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_needs_command" -f -a "catalog" -d 'Work with the catalog: validate files, build the index, query it'
complete -c hub -n "__fish_hub_needs_command" -f -a "whoowns" -d 'Who owns a service: the owning team, its contacts and members, who to escalate to, and the owners of its System and Domain'
complete -c hub -n "__fish_hub_needs_command" -f -a "status" -d 'Live status of a service\'s workloads across Kubernetes clusters'
complete -c hub -n "__fish_hub_needs_command" -f -a "login" -d 'Sign in to your organisation\'s OpenID provider (Okta) with the device flow'
complete -c hub -n "__fish_hub_needs_command" -f -a "logout" -d 'Sign out: revoke the session at the provider, then delete the stored tokens'
complete -c hub -n "__fish_hub_needs_command" -f -a "auth" -d 'Sign-in state'
complete -c hub -n "__fish_hub_needs_command" -f -a "whoami" -d 'Who you are signed in as: email, name, groups, token expiry, where the tokens are kept, and the catalog User with your email, with its groups and what they own'
complete -c hub -n "__fish_hub_needs_command" -f -a "docs" -d 'Read an entity\'s TechDocs in the terminal, list its pages, or search every docs page'
complete -c hub -n "__fish_hub_needs_command" -f -a "clients" -d 'The managed-services clients: cloud, modules, last change, drift and owner of each'
complete -c hub -n "__fish_hub_needs_command" -f -a "tui" -d 'The client overview dashboard in the terminal'
complete -c hub -n "__fish_hub_needs_command" -f -a "generate" -d 'Generate shell completions and man pages (used to build releases)'
complete -c hub -n "__fish_hub_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -f -a "validate" -d 'Validate catalog files exactly as Backstage would ingest them'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -f -a "index" -d 'Index every catalog file under the given folders, for fast queries'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -f -a "get" -d 'Print one entity in the catalog API\'s shape'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -f -a "query" -d 'Find entities with Backstage\'s filter syntax'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -f -a "graph" -d 'Show the relations around an entity as a tree, DOT or Mermaid'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -f -a "doctor" -d 'Report catalog problems: invalid files, dangling refs, and orphans'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate index get query graph doctor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l glob -d 'Also treat files matching this glob as catalog files when searching folders, e.g. `*.yaml` or `catalog/**/*.yaml`. Repeatable' -r
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l format -d 'Output format' -r -f -a "human\t'Diagnostics with source snippets, for people'
json\t'One JSON object per YAML document, one per line'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
github\t'GitHub Actions workflow commands, shown as annotations on pull requests'"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from validate" -l strict -d 'Treat warnings as failures: exit 1 when there are any'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from validate" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from index" -l glob -d 'Also index files matching this glob, beside catalog-info.yaml/.yml. Repeatable' -r
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from index" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from index" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from index" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from index" -l force -d 'Rebuild even when no file changed'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from index" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from index" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from get" -s o -l output -r -f -a "table\t''
json\t''
yaml\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from get" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from get" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from get" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from query" -l fields -d 'Only these dotted fields in JSON and YAML output (comma-separated), e.g. `metadata.name,spec.owner`' -r
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from query" -l sort -d 'Order by a dotted field; `-field` or `field:desc` for descending' -r
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from query" -s o -l output -r -f -a "table\t''
json\t''
yaml\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from query" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from query" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from query" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from query" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from query" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from graph" -l depth -d 'How many relation hops to follow' -r
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from graph" -l format -r -f -a "tree\t''
dot\t''
mermaid\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from graph" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from graph" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from graph" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from graph" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from graph" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from doctor" -s o -l output -r -f -a "table\t''
json\t''
yaml\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from doctor" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from doctor" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from doctor" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from doctor" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Validate catalog files exactly as Backstage would ingest them'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "index" -d 'Index every catalog file under the given folders, for fast queries'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one entity in the catalog API\'s shape'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "query" -d 'Find entities with Backstage\'s filter syntax'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "graph" -d 'Show the relations around an entity as a tree, DOT or Mermaid'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "doctor" -d 'Report catalog problems: invalid files, dangling refs, and orphans'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand whoowns" -l team -d 'List everything this team owns, directly and through its child groups' -r
complete -c hub -n "__fish_hub_using_subcommand whoowns" -l profile -d 'The sign-in profile: one issuer and client from `auth.profiles` in hub\'s config [default: `auth.profile` in hub\'s config, else `default`]' -r
complete -c hub -n "__fish_hub_using_subcommand whoowns" -l store -d 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub\'s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub\'s config [default: keyring]' -r -f -a "keyring\t'The OS keyring: Secret Service, macOS Keychain, Windows Credential Manager'
keyutils\t'The Linux kernel keyutils store'
file\t'A plain-text file readable only by you'"
complete -c hub -n "__fish_hub_using_subcommand whoowns" -s o -l output -r -f -a "table\t''
json\t''
yaml\t''"
complete -c hub -n "__fish_hub_using_subcommand whoowns" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand whoowns" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand whoowns" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand whoowns" -l mine -d 'List everything you own: you and your groups, as the catalog User with your signed-in email (see `hub login`)'
complete -c hub -n "__fish_hub_using_subcommand whoowns" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand whoowns" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand status" -l cluster -d 'Only this cluster; repeat for several. Default: every configured cluster' -r
complete -c hub -n "__fish_hub_using_subcommand status" -l timeout -d 'How long to wait for each cluster, e.g. `5s`, `800ms`, `2` (seconds)' -r
complete -c hub -n "__fish_hub_using_subcommand status" -l interval -d 'How often --watch refreshes, e.g. `2s`' -r
complete -c hub -n "__fish_hub_using_subcommand status" -s o -l output -r -f -a "table\t''
json\t''
yaml\t''"
complete -c hub -n "__fish_hub_using_subcommand status" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand status" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand status" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand status" -l logs -d 'Show the last lines of the previous container of each crash-looping pod'
complete -c hub -n "__fish_hub_using_subcommand status" -l watch -d 'Refresh in place until interrupted'
complete -c hub -n "__fish_hub_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand status" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand login" -l profile -d 'The sign-in profile: one issuer and client from `auth.profiles` in hub\'s config [default: `auth.profile` in hub\'s config, else `default`]' -r
complete -c hub -n "__fish_hub_using_subcommand login" -l store -d 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub\'s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub\'s config [default: keyring]' -r -f -a "keyring\t'The OS keyring: Secret Service, macOS Keychain, Windows Credential Manager'
keyutils\t'The Linux kernel keyutils store'
file\t'A plain-text file readable only by you'"
complete -c hub -n "__fish_hub_using_subcommand login" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand login" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand login" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand login" -l open -d 'Also open the verification page in the default browser'
complete -c hub -n "__fish_hub_using_subcommand login" -l no-qr -d 'Do not draw the QR code'
complete -c hub -n "__fish_hub_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand login" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand logout" -l profile -d 'The sign-in profile: one issuer and client from `auth.profiles` in hub\'s config [default: `auth.profile` in hub\'s config, else `default`]' -r
complete -c hub -n "__fish_hub_using_subcommand logout" -l store -d 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub\'s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub\'s config [default: keyring]' -r -f -a "keyring\t'The OS keyring: Secret Service, macOS Keychain, Windows Credential Manager'
keyutils\t'The Linux kernel keyutils store'
file\t'A plain-text file readable only by you'"
complete -c hub -n "__fish_hub_using_subcommand logout" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand logout" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand logout" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand logout" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand auth; and not __fish_seen_subcommand_from status set-token delete-token help" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand auth; and not __fish_seen_subcommand_from status set-token delete-token help" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand auth; and not __fish_seen_subcommand_from status set-token delete-token help" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand auth; and not __fish_seen_subcommand_from status set-token delete-token help" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_using_subcommand auth; and not __fish_seen_subcommand_from status set-token delete-token help" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand auth; and not __fish_seen_subcommand_from status set-token delete-token help" -f -a "status" -d 'Show who is signed in (the same as `hub whoami`), refreshing an expired session'
complete -c hub -n "__fish_hub_using_subcommand auth; and not __fish_seen_subcommand_from status set-token delete-token help" -f -a "set-token" -d 'Keep a token in the OS keyring under NAME, read from standard input: a cluster\'s ServiceAccount token for `tokenKeyring: NAME` in hub\'s cluster config'
complete -c hub -n "__fish_hub_using_subcommand auth; and not __fish_seen_subcommand_from status set-token delete-token help" -f -a "delete-token" -d 'Forget a token kept with `hub auth set-token`'
complete -c hub -n "__fish_hub_using_subcommand auth; and not __fish_seen_subcommand_from status set-token delete-token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from status" -l profile -d 'The sign-in profile: one issuer and client from `auth.profiles` in hub\'s config [default: `auth.profile` in hub\'s config, else `default`]' -r
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from status" -l store -d 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub\'s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub\'s config [default: keyring]' -r -f -a "keyring\t'The OS keyring: Secret Service, macOS Keychain, Windows Credential Manager'
keyutils\t'The Linux kernel keyutils store'
file\t'A plain-text file readable only by you'"
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from status" -s o -l output -r -f -a "table\t''
json\t''
yaml\t''"
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from status" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from status" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from set-token" -l store -d 'Where tokens are kept, as for `hub login` [default: `auth.store` in hub\'s config, else keyring]' -r -f -a "keyring\t'The OS keyring: Secret Service, macOS Keychain, Windows Credential Manager'
keyutils\t'The Linux kernel keyutils store'
file\t'A plain-text file readable only by you'"
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from set-token" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from set-token" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from set-token" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from set-token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from set-token" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from delete-token" -l store -d 'Where tokens are kept, as for `hub login` [default: `auth.store` in hub\'s config, else keyring]' -r -f -a "keyring\t'The OS keyring: Secret Service, macOS Keychain, Windows Credential Manager'
keyutils\t'The Linux kernel keyutils store'
file\t'A plain-text file readable only by you'"
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from delete-token" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from delete-token" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from delete-token" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from delete-token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from delete-token" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show who is signed in (the same as `hub whoami`), refreshing an expired session'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "set-token" -d 'Keep a token in the OS keyring under NAME, read from standard input: a cluster\'s ServiceAccount token for `tokenKeyring: NAME` in hub\'s cluster config'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "delete-token" -d 'Forget a token kept with `hub auth set-token`'
complete -c hub -n "__fish_hub_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand whoami" -l profile -d 'The sign-in profile: one issuer and client from `auth.profiles` in hub\'s config [default: `auth.profile` in hub\'s config, else `default`]' -r
complete -c hub -n "__fish_hub_using_subcommand whoami" -l store -d 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub\'s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub\'s config [default: keyring]' -r -f -a "keyring\t'The OS keyring: Secret Service, macOS Keychain, Windows Credential Manager'
keyutils\t'The Linux kernel keyutils store'
file\t'A plain-text file readable only by you'"
complete -c hub -n "__fish_hub_using_subcommand whoami" -s o -l output -r -f -a "table\t''
json\t''
yaml\t''"
complete -c hub -n "__fish_hub_using_subcommand whoami" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand whoami" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand whoami" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -l search -d 'Search every indexed docs page for these words (all must occur; the last may be the start of a word; quote a phrase). Build the search index with `hub docs index`' -r
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -l limit -d 'How many search results to show' -r
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -l width -d 'Wrap pages at this many columns [default: the terminal\'s width, else $COLUMNS, else 80]' -r
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -s o -l output -d '`table` renders the page (or tree, or results) for people; `json` and `yaml` print the page\'s Markdown and metadata, the nav tree, or the search results as data' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -l list -d 'Print the site\'s page tree (nav sections, titles, files) instead of a page'
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -l no-pager -d 'Print straight to standard output, never through a pager'
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -a "index" -d 'Build the docs search index: every page of every entity with a techdocs-ref in the catalog index. `hub catalog index` also does this'
complete -c hub -n "__fish_hub_using_subcommand docs; and not __fish_seen_subcommand_from index help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand docs; and __fish_seen_subcommand_from index" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand docs; and __fish_seen_subcommand_from index" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand docs; and __fish_seen_subcommand_from index" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand docs; and __fish_seen_subcommand_from index" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_using_subcommand docs; and __fish_seen_subcommand_from index" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "index" -d 'Build the docs search index: every page of every entity with a techdocs-ref in the catalog index. `hub catalog index` also does this'
complete -c hub -n "__fish_hub_using_subcommand docs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand clients" -l domain -d 'The domain whose Systems are clients [default: clients.domain in hub\'s config, else managed-services]' -r
complete -c hub -n "__fish_hub_using_subcommand clients" -s o -l output -r -f -a "table\t''
json\t''
yaml\t''"
complete -c hub -n "__fish_hub_using_subcommand clients" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand clients" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand clients" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand clients" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand clients" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand tui" -l domain -d 'The domain whose Systems are clients [default: clients.domain in hub\'s config, else managed-services]' -r
complete -c hub -n "__fish_hub_using_subcommand tui" -l theme -d 'Colours: `default` or `high-contrast` [default: tui.theme in hub\'s config, else default]. NO_COLOR and --color never turn colour off whatever the theme' -r -f -a "default\t''
high-contrast\t''"
complete -c hub -n "__fish_hub_using_subcommand tui" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand tui" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand tui" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand tui" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hub -n "__fish_hub_using_subcommand tui" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -f -a "completions" -d 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder'
complete -c hub -n "__fish_hub_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -f -a "man" -d 'Write man pages, one per command, into a folder'
complete -c hub -n "__fish_hub_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from completions" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from completions" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from completions" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from completions" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from completions" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from man" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from man" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from man" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from man" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from man" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "completions" -d 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder'
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "man" -d 'Write man pages, one per command, into a folder'
complete -c hub -n "__fish_hub_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "catalog" -d 'Work with the catalog: validate files, build the index, query it'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "whoowns" -d 'Who owns a service: the owning team, its contacts and members, who to escalate to, and the owners of its System and Domain'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "status" -d 'Live status of a service\'s workloads across Kubernetes clusters'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "login" -d 'Sign in to your organisation\'s OpenID provider (Okta) with the device flow'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "logout" -d 'Sign out: revoke the session at the provider, then delete the stored tokens'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "auth" -d 'Sign-in state'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "whoami" -d 'Who you are signed in as: email, name, groups, token expiry, where the tokens are kept, and the catalog User with your email, with its groups and what they own'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "docs" -d 'Read an entity\'s TechDocs in the terminal, list its pages, or search every docs page'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "clients" -d 'The managed-services clients: cloud, modules, last change, drift and owner of each'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "tui" -d 'The client overview dashboard in the terminal'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "generate" -d 'Generate shell completions and man pages (used to build releases)'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog whoowns status login logout auth whoami docs clients tui generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "validate" -d 'Validate catalog files exactly as Backstage would ingest them'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "index" -d 'Index every catalog file under the given folders, for fast queries'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "get" -d 'Print one entity in the catalog API\'s shape'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "query" -d 'Find entities with Backstage\'s filter syntax'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "graph" -d 'Show the relations around an entity as a tree, DOT or Mermaid'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "doctor" -d 'Report catalog problems: invalid files, dangling refs, and orphans'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Show who is signed in (the same as `hub whoami`), refreshing an expired session'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "set-token" -d 'Keep a token in the OS keyring under NAME, read from standard input: a cluster\'s ServiceAccount token for `tokenKeyring: NAME` in hub\'s cluster config'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "delete-token" -d 'Forget a token kept with `hub auth set-token`'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from docs" -f -a "index" -d 'Build the docs search index: every page of every entity with a techdocs-ref in the catalog index. `hub catalog index` also does this'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "completions" -d 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "man" -d 'Write man pages, one per command, into a folder'
