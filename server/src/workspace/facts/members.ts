import type { CodeUnit } from '../../syntax/code-units.js';
import type { MemberFact } from './file-facts.js';

/**
 * A class's members: those its body declares, then the fields its methods set (`this.x = …`,
 * `self.x = …`) that the body does not declare. A declared field that states nothing about its type
 * takes what an assignment in a method says (`x; … this.x = new Map()`).
 */
export function mergeMembers(declared: readonly MemberFact[], assigned: readonly MemberFact[]): MemberFact[] {
  const members = [...declared];
  for (const field of assigned) {
    const index = members.findIndex((member) => member.name === field.name);
    const existing = members[index];
    if (!existing) members.push(field);
    else if (existing.kind === 'field' && !existing.type && !existing.init && (field.type || field.init))
      members[index] = {
        ...existing,
        ...(field.type ? { type: field.type } : {}),
        ...(field.init ? { init: field.init } : {}),
      };
  }
  return members;
}

/** A unit's index by where its name starts (a member's node finds its unit this way). */
export function unitIndexByName(units: readonly CodeUnit[]): (nameStart: number) => number | undefined {
  const byStart = new Map<number, number>();
  for (const [index, unit] of units.entries()) byStart.set(unit.nameStartIndex, index);
  return (nameStart) => byStart.get(nameStart);
}
