import type { Command } from 'commander';

/** A quoted word from the command line, cut short: an error line never echoes a pasted essay. */
const MAX_ECHO = 60;

const pathOf = (command: Command): string => (command.parent ? `${pathOf(command.parent)} ${command.name()}` : command.name());

/** commander's "error: unknown command 'x'\n(Did you mean y?)" as one line, without the "error:" and the final full stop. */
function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')
    .replace(new RegExp(`'([^']{${MAX_ECHO}})[^']+'`, 'g'), "'$1…'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '');
}

/**
 * Makes a usage error (an unknown command or option, a missing or extra argument) one line on
 * stderr with the closest match and where to look, instead of the whole help; exit code 1.
 * Applies to `command` and every subcommand, so call it after they are all registered.
 *
 * @example broadsheet serv → "broadsheet: unknown command 'serv' (did you mean serve?); see broadsheet --help"
 */
export function oneLineUsageErrors(command: Command): void {
  const hint = `see ${pathOf(command)} --help`;
  command
    .showHelpAfterError(false)
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (message, write) => write(`broadsheet: ${oneLine(message)}; ${hint}\n`) });
  for (const sub of command.commands) oneLineUsageErrors(sub);
}
