import { BpsError } from '../errors.js';

/**
 * Splits a command line into argv words the way a POSIX shell would split it (ctrl_bps uses Python's
 * `shlex.split`), honouring single quotes, double quotes and backslash escapes. Nothing is expanded:
 * `$(…)`, backticks, `;`, `|`, globs and `$VAR` stay literal characters of their word, because the words
 * are handed to the program without a shell (docs/CONFIG.md: a value is one argument, never a command).
 *
 * @throws BpsError on an unterminated quote or a trailing backslash.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unterminated(line, "'");
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      const [text, next] = readDoubleQuoted(line, i + 1);
      word += text;
      inWord = true;
      i = next;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new BpsError(`Command line ends with a lone backslash: ${line}`);
      // A backslash-newline is a line continuation in a shell: it vanishes.
      if (line[i + 1] !== '\n') word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += ch;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Inside double quotes a backslash only escapes `$`, `` ` ``, `"`, `\` and newline (POSIX). */
function readDoubleQuoted(line: string, start: number): [string, number] {
  let text = '';
  let i = start;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === '"') return [text, i + 1];
    if (ch === '\\' && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1] as string)) {
      if (line[i + 1] !== '\n') text += line[i + 1];
      i += 2;
    } else {
      text += ch;
      i += 1;
    }
  }
  throw unterminated(line, '"');
}

function unterminated(line: string, quote: string): BpsError {
  return new BpsError(`Unterminated ${quote} quote in command line: ${line}`, {
    hint: 'Check the quoting of this command in your bps config.',
  });
}

/** Quotes one argv word for display (logs, `quantumGraphGeneration.out`) so it can be pasted into a shell. */
export function quoteForShell(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The argv as one shell-pasteable line. */
export function formatCommandLine(argv: readonly string[]): string {
  return argv.map(quoteForShell).join(' ');
}
