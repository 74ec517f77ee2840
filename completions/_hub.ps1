
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
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Work with catalog files: validate them before Backstage reads them')
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
        'hub;catalog;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate catalog files exactly as Backstage would ingest them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;catalog;help;validate' {
            break
        }
        'hub;catalog;help;help' {
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
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Work with catalog files: validate them before Backstage reads them')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate shell completions and man pages (used to build releases)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hub;help;catalog' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate catalog files exactly as Backstage would ingest them')
            break
        }
        'hub;help;catalog;validate' {
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
