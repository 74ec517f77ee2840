
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'hub' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'hub'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'hub' {
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Work with the catalog: validate files, build the index, query it')
            [CompletionResult]::new('whoowns', 'whoowns', [CompletionResultType]::ParameterValue, 'Who owns a service: the owning team, its contacts and members, who to escalate to, and the owners of its System and Domain')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Live status of a service''s workloads across Kubernetes clusters')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to your organisation''s OpenID provider (Okta) with the device flow')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Sign out: revoke the session at the provider, then delete the stored tokens')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Sign-in state')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Who you are signed in as: email, name, groups, token expiry, where the tokens are kept, and the catalog User with your email, with its groups and what they own')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Read an entity''s TechDocs in the terminal, list its pages, or search every docs page')
            [CompletionResult]::new('clients', 'clients', [CompletionResultType]::ParameterValue, 'The managed-services clients: cloud, modules, last change, drift and owner of each')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'The client overview dashboard in the terminal')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate shell completions and man pages (used to build releases)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;catalog' {
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate catalog files exactly as Backstage would ingest them')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Index every catalog file under the given folders, for fast queries')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one entity in the catalog API''s shape')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Find entities with Backstage''s filter syntax')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Show the relations around an entity as a tree, DOT or Mermaid')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Report catalog problems: invalid files, dangling refs, and orphans')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;catalog;validate' {
            [CompletionResult]::new('--glob', '--glob', [CompletionResultType]::ParameterName, 'Also treat files matching this glob as catalog files when searching folders, e.g. `*.yaml` or `catalog/**/*.yaml`. Repeatable')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings as failures: exit 1 when there are any')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;catalog;index' {
            [CompletionResult]::new('--glob', '--glob', [CompletionResultType]::ParameterName, 'Also index files matching this glob, beside catalog-info.yaml/.yml. Repeatable')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Rebuild even when no file changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;catalog;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;catalog;query' {
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Only these dotted fields in JSON and YAML output (comma-separated), e.g. `metadata.name,spec.owner`')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order by a dotted field; `-field` or `field:desc` for descending')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;catalog;graph' {
            [CompletionResult]::new('--depth', '--depth', [CompletionResultType]::ParameterName, 'How many relation hops to follow')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;catalog;doctor' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;catalog;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate catalog files exactly as Backstage would ingest them')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Index every catalog file under the given folders, for fast queries')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one entity in the catalog API''s shape')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Find entities with Backstage''s filter syntax')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Show the relations around an entity as a tree, DOT or Mermaid')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Report catalog problems: invalid files, dangling refs, and orphans')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;catalog;help;validate' {
            break
        }
        'hub;catalog;help;index' {
            break
        }
        'hub;catalog;help;get' {
            break
        }
        'hub;catalog;help;query' {
            break
        }
        'hub;catalog;help;graph' {
            break
        }
        'hub;catalog;help;doctor' {
            break
        }
        'hub;catalog;help;help' {
            break
        }
        'hub;whoowns' {
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'List everything this team owns, directly and through its child groups')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('--mine', '--mine', [CompletionResultType]::ParameterName, 'List everything you own: you and your groups, as the catalog User with your signed-in email (see `hub login`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;status' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Only this cluster; repeat for several. Default: every configured cluster')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for each cluster, e.g. `5s`, `800ms`, `2` (seconds)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often --watch refreshes, e.g. `2s`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Show the last lines of the previous container of each crash-looping pod')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Refresh in place until interrupted')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;login' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Also open the verification page in the default browser')
            [CompletionResult]::new('--no-qr', '--no-qr', [CompletionResultType]::ParameterName, 'Do not draw the QR code')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;logout' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;auth' {
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show who is signed in (the same as `hub whoami`), refreshing an expired session')
            [CompletionResult]::new('set-token', 'set-token', [CompletionResultType]::ParameterValue, 'Keep a token in the OS keyring under NAME, read from standard input: a cluster''s ServiceAccount token for `tokenKeyring: NAME` in hub''s cluster config')
            [CompletionResult]::new('delete-token', 'delete-token', [CompletionResultType]::ParameterValue, 'Forget a token kept with `hub auth set-token`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;auth;status' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;auth;set-token' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept, as for `hub login` [default: `auth.store` in hub''s config, else keyring]')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;auth;delete-token' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept, as for `hub login` [default: `auth.store` in hub''s config, else keyring]')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;auth;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show who is signed in (the same as `hub whoami`), refreshing an expired session')
            [CompletionResult]::new('set-token', 'set-token', [CompletionResultType]::ParameterValue, 'Keep a token in the OS keyring under NAME, read from standard input: a cluster''s ServiceAccount token for `tokenKeyring: NAME` in hub''s cluster config')
            [CompletionResult]::new('delete-token', 'delete-token', [CompletionResultType]::ParameterValue, 'Forget a token kept with `hub auth set-token`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;auth;help;status' {
            break
        }
        'hub;auth;help;set-token' {
            break
        }
        'hub;auth;help;delete-token' {
            break
        }
        'hub;auth;help;help' {
            break
        }
        'hub;whoami' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The sign-in profile: one issuer and client from `auth.profiles` in hub''s config [default: `auth.profile` in hub''s config, else `default`]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in hub''s state folder) are opt-ins for machines without a keyring. Also `auth.store` in hub''s config [default: keyring]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;docs' {
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Search every indexed docs page for these words (all must occur; the last may be the start of a word; quote a phrase). Build the search index with `hub docs index`')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many search results to show')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Wrap pages at this many columns [default: the terminal''s width, else $COLUMNS, else 80]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, '`table` renders the page (or tree, or results) for people; `json` and `yaml` print the page''s Markdown and metadata, the nav tree, or the search results as data')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '`table` renders the page (or tree, or results) for people; `json` and `yaml` print the page''s Markdown and metadata, the nav tree, or the search results as data')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Print the site''s page tree (nav sections, titles, files) instead of a page')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to standard output, never through a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Build the docs search index: every page of every entity with a techdocs-ref in the catalog index. `hub catalog index` also does this')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;docs;index' {
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;docs;help' {
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Build the docs search index: every page of every entity with a techdocs-ref in the catalog index. `hub catalog index` also does this')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;docs;help;index' {
            break
        }
        'hub;docs;help;help' {
            break
        }
        'hub;clients' {
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The domain whose Systems are clients [default: clients.domain in hub''s config, else managed-services]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;tui' {
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The domain whose Systems are clients [default: clients.domain in hub''s config, else managed-services]')
            [CompletionResult]::new('--theme', '--theme', [CompletionResultType]::ParameterName, 'Colours: `default` or `high-contrast` [default: tui.theme in hub''s config, else default]. NO_COLOR and --color never turn colour off whatever the theme')
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;generate' {
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages, one per command, into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;generate;completions' {
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;generate;man' {
            [CompletionResult]::new('--app-config', '--app-config', [CompletionResultType]::ParameterName, 'Read an existing Backstage configuration file, as Backstage''s own `--config` does. Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from the environment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'hub''s own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` in the environment also turns it off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hub;generate;help' {
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages, one per command, into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;generate;help;completions' {
            break
        }
        'hub;generate;help;man' {
            break
        }
        'hub;generate;help;help' {
            break
        }
        'hub;help' {
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Work with the catalog: validate files, build the index, query it')
            [CompletionResult]::new('whoowns', 'whoowns', [CompletionResultType]::ParameterValue, 'Who owns a service: the owning team, its contacts and members, who to escalate to, and the owners of its System and Domain')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Live status of a service''s workloads across Kubernetes clusters')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to your organisation''s OpenID provider (Okta) with the device flow')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Sign out: revoke the session at the provider, then delete the stored tokens')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Sign-in state')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Who you are signed in as: email, name, groups, token expiry, where the tokens are kept, and the catalog User with your email, with its groups and what they own')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Read an entity''s TechDocs in the terminal, list its pages, or search every docs page')
            [CompletionResult]::new('clients', 'clients', [CompletionResultType]::ParameterValue, 'The managed-services clients: cloud, modules, last change, drift and owner of each')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'The client overview dashboard in the terminal')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate shell completions and man pages (used to build releases)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;help;catalog' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate catalog files exactly as Backstage would ingest them')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Index every catalog file under the given folders, for fast queries')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one entity in the catalog API''s shape')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Find entities with Backstage''s filter syntax')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Show the relations around an entity as a tree, DOT or Mermaid')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Report catalog problems: invalid files, dangling refs, and orphans')
            break
        }
        'hub;help;catalog;validate' {
            break
        }
        'hub;help;catalog;index' {
            break
        }
        'hub;help;catalog;get' {
            break
        }
        'hub;help;catalog;query' {
            break
        }
        'hub;help;catalog;graph' {
            break
        }
        'hub;help;catalog;doctor' {
            break
        }
        'hub;help;whoowns' {
            break
        }
        'hub;help;status' {
            break
        }
        'hub;help;login' {
            break
        }
        'hub;help;logout' {
            break
        }
        'hub;help;auth' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show who is signed in (the same as `hub whoami`), refreshing an expired session')
            [CompletionResult]::new('set-token', 'set-token', [CompletionResultType]::ParameterValue, 'Keep a token in the OS keyring under NAME, read from standard input: a cluster''s ServiceAccount token for `tokenKeyring: NAME` in hub''s cluster config')
            [CompletionResult]::new('delete-token', 'delete-token', [CompletionResultType]::ParameterValue, 'Forget a token kept with `hub auth set-token`')
            break
        }
        'hub;help;auth;status' {
            break
        }
        'hub;help;auth;set-token' {
            break
        }
        'hub;help;auth;delete-token' {
            break
        }
        'hub;help;whoami' {
            break
        }
        'hub;help;docs' {
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Build the docs search index: every page of every entity with a techdocs-ref in the catalog index. `hub catalog index` also does this')
            break
        }
        'hub;help;docs;index' {
            break
        }
        'hub;help;clients' {
            break
        }
        'hub;help;tui' {
            break
        }
        'hub;help;generate' {
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages, one per command, into a folder')
            break
        }
        'hub;help;generate;completions' {
            break
        }
        'hub;help;generate;man' {
            break
        }
        'hub;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
