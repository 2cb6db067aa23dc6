import { z } from 'zod';

/**
 * The params Lantern's handlers read, for the methods where a wrong shape would do harm: a handler that
 * destructures a missing `textDocument` fails with a TypeError (an InternalError for the user instead
 * of InvalidParams), and a `didChange` whose second change is garbage must not apply the first (the
 * text and the tree would no longer agree with each other or with the editor). Only what the handlers
 * rely on is checked; extra fields are allowed, as the spec's later versions add them.
 */
const position = z.object({ line: z.number().int(), character: z.number().int() });
const range = z.object({ start: position, end: position });
const documentId = z.object({ uri: z.string() });
const textDocument = z.object({ textDocument: documentId });

const PARAM_SHAPES: Readonly<Record<string, z.ZodType>> = {
  'textDocument/didOpen': z.object({
    textDocument: documentId.extend({ languageId: z.string(), version: z.number().int(), text: z.string() }),
  }),
  'textDocument/didChange': z.object({
    textDocument: documentId.extend({ version: z.number().int() }),
    contentChanges: z.array(
      z.union([
        z.object({ range, rangeLength: z.number().int().optional(), text: z.string() }),
        z.object({ text: z.string() }).strict(),
      ]),
    ),
  }),
  'textDocument/didClose': textDocument,
  'textDocument/didSave': textDocument,
  'textDocument/hover': textDocument.extend({ position }),
  'textDocument/documentSymbol': textDocument,
  'textDocument/codeAction': textDocument.extend({
    range,
    context: z.object({ diagnostics: z.array(z.object({ range, message: z.string() })) }),
  }),
  'workspace/symbol': z.object({ query: z.string() }),
  'workspace/executeCommand': z.object({ command: z.string(), arguments: z.array(z.unknown()).nullish() }),
};

/** What is wrong with `params` for `method`, in a line; undefined when they have the shape it needs. */
export function paramShapeProblem(method: string, params: unknown): string | undefined {
  const result = PARAM_SHAPES[method]?.safeParse(params);
  if (!result || result.success) return undefined;
  return result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'params'}: ${issue.message}`)
    .join('; ');
}
