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
complete -c hub -n "__fish_hub_needs_command" -f -a "catalog" -d 'Work with catalog files: validate them before Backstage reads them'
complete -c hub -n "__fish_hub_needs_command" -f -a "generate" -d 'Generate shell completions and man pages (used to build releases)'
complete -c hub -n "__fish_hub_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate help" -l app-config -d 'Read an existing Backstage configuration file, as Backstage\'s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate help" -l config -d 'hub\'s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]' -r -F
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate help" -l color -d 'When to use colour. `NO_COLOR` in the environment also turns it off' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate help" -s h -l help -d 'Print help'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate help" -s V -l version -d 'Print version'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate help" -f -a "validate" -d 'Validate catalog files exactly as Backstage would ingest them'
complete -c hub -n "__fish_hub_using_subcommand catalog; and not __fish_seen_subcommand_from validate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Validate catalog files exactly as Backstage would ingest them'
complete -c hub -n "__fish_hub_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog generate help" -f -a "catalog" -d 'Work with catalog files: validate them before Backstage reads them'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog generate help" -f -a "generate" -d 'Generate shell completions and man pages (used to build releases)'
complete -c hub -n "__fish_hub_using_subcommand help; and not __fish_seen_subcommand_from catalog generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "validate" -d 'Validate catalog files exactly as Backstage would ingest them'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "completions" -d 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder'
complete -c hub -n "__fish_hub_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "man" -d 'Write man pages, one per command, into a folder'
