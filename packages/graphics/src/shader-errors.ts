/**
 * The errors of shader programs: ShaderError (a compile or link failure, with the GL log and the
 * source lines it points at) and ShaderArgumentError, and the reading of twgl's failure messages
 * into a ShaderError. GL's compile logs number lines; link logs name identifiers, so for those the
 * lines of either shader that declare a quoted identifier are the ones shown.
 */
import { GraphicsArgumentError } from './errors.ts';

/** A bad argument or a use after delete; nothing was changed when it is thrown. */
export class ShaderArgumentError extends GraphicsArgumentError {}

export type ShaderStage = 'VERTEX_SHADER' | 'FRAGMENT_SHADER' | 'PROGRAM';

/** One source line the log points at; `number` is 1-based in the source as given. */
export interface OffendingLine {
  stage: 'VERTEX_SHADER' | 'FRAGMENT_SHADER';
  number: number;
  text: string;
}

/** A compile or link failure. `stage` is the shader that failed, or PROGRAM for a link error. */
export class ShaderError extends Error {
  readonly stage: ShaderStage;
  readonly log: string;
  readonly lines: readonly OffendingLine[];
  constructor(stage: ShaderStage, log: string, lines: readonly OffendingLine[]) {
    const what = stage === 'PROGRAM' ? 'program failed to link' : `${stage} failed to compile`;
    const listing = lines.map((line) => `  ${line.stage} ${line.number}: ${line.text}`).join('\n');
    super(`ShaderProgram: ${what}:\n${log.trim()}${listing ? `\noffending lines:\n${listing}` : ''}`);
    this.name = new.target.name;
    this.stage = stage;
    this.log = log;
    this.lines = lines;
  }
}

// twgl strips one leading blank line before compiling (so `#version` comes first);
// GL's line numbers then count from the line after it.
const LEADING_BLANK_LINE = /^[ \t]*\n/;
const LOG_LINE = /ERROR:\s*\d+:(\d+)/gi;

function offendingLines(stage: 'VERTEX_SHADER' | 'FRAGMENT_SHADER', source: string, log: string): OffendingLine[] {
  const offset = LEADING_BLANK_LINE.test(source) ? 1 : 0;
  const lines = source.split('\n');
  const numbers = new Set([...log.matchAll(LOG_LINE)].map((match) => Number(match[1]) + offset));
  return [...numbers]
    .filter((number) => number >= 1 && number <= lines.length)
    .sort((a, b) => a - b)
    .map((number) => ({ stage, number, text: lines[number - 1]!.trim() }));
}

/**
 * A link log names no lines; it names identifiers ('v_colour'). The lines of
 * either shader that declare an identifier the log quotes are the ones to look at.
 */
function declaringLines(log: string, sources: Record<'VERTEX_SHADER' | 'FRAGMENT_SHADER', string>): OffendingLine[] {
  const names = new Set([...log.matchAll(/['"`]([A-Za-z_]\w*)['"`]/g)].map((match) => match[1]!));
  const found: OffendingLine[] = [];
  for (const stage of ['VERTEX_SHADER', 'FRAGMENT_SHADER'] as const) {
    sources[stage].split('\n').forEach((text, index) => {
      const declaration = /^\s*(?:layout\s*\([^)]*\)\s*)?(?:flat\s+|smooth\s+)?(?:in|out|uniform)\s+\w+\s+(\w+)/.exec(text);
      if (declaration && names.has(declaration[1]!)) found.push({ stage, number: index + 1, text: text.trim() });
    });
  }
  return found;
}

/**
 * twgl reports failures as text through the error callback and deletes the
 * shaders and program before returning null, so the logs can only be read from
 * its messages: "Error in program linking: <log>" and, per failed shader,
 * "<numbered source>\nError compiling VERTEX_SHADER: <log>".
 */
export function errorFromTwgl(messages: string[], sources: Record<'VERTEX_SHADER' | 'FRAGMENT_SHADER', string>): ShaderError {
  for (const message of messages) {
    const match = /\nError compiling (VERTEX_SHADER|FRAGMENT_SHADER): ([\s\S]*)$/.exec(message);
    if (match) {
      const stage = match[1] as 'VERTEX_SHADER' | 'FRAGMENT_SHADER';
      const log = match[2]!;
      return new ShaderError(stage, log, offendingLines(stage, sources[stage], log));
    }
  }
  const link = messages.find((message) => message.startsWith('Error in program linking: '));
  const log = link ? link.slice('Error in program linking: '.length) : messages.join('\n');
  return new ShaderError('PROGRAM', log, declaringLines(log, sources));
}
