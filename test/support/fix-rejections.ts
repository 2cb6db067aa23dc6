import { FIXED_CART, FIXED_SUBTOTAL, fenced } from './fix-fixtures.js';

/**
 * Answers to "fix cart.py's `subtotal`" that the edit pipeline must refuse, and the reason the user is
 * given: [what the answer is, the answer, the reason]. Both paths (codeAction/resolve, lantern.fix)
 * run the same table.
 */
export const REJECTED_CART_FIXES: readonly (readonly [string, string, string])[] = [
  [
    'a fix that breaks the syntax',
    fenced('python', FIXED_SUBTOTAL.replace('item.price *', '(item.price *')),
    'Lantern did not apply the fix: the change would break the syntax (unexpected `total += (item.price * item.qu…` in for statement at line 9).',
  ],
  [
    'a whole-file rewrite that also changes another function',
    fenced('python', FIXED_CART.replace('sorted(lines,', 'sorted(lines, reverse=True,')),
    'Lantern did not apply the fix: the answer changes more than `subtotal` (it also changes `receipt`).',
  ],
  [
    'a block that also defines another function',
    fenced('python', `${FIXED_SUBTOTAL}\n\n\ndef quantity(item):\n    return item.quantity`),
    'Lantern did not apply the fix: the answer changes more than `subtotal` (it also defines `quantity`).',
  ],
  [
    'a block with a stray statement (an edit outside the unit)',
    fenced('python', `${FIXED_SUBTOTAL}\n\nprint(subtotal([]))`),
    'Lantern did not apply the fix: the answer contains code outside `subtotal`: `print(subtotal([]))`.',
  ],
  [
    'a block with another function instead',
    fenced('python', 'def receipt(items):\n    return ""'),
    'Lantern did not apply the fix: the answer defines `receipt`, not `subtotal`.',
  ],
  [
    'prose with no code',
    'Replace `itemz` with `item` on line 9.',
    'Lantern did not apply the fix: the answer contains no fenced code block.',
  ],
  [
    'an empty code block',
    'Here is the fix:\n\n```python\n```\n',
    'Lantern did not apply the fix: the answer’s code block is empty.',
  ],
];
