export const ROLES = ['recorder', 'auditor', 'spoc', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. `forces` is a list of force codes, or ['*'] for all forces. */
export interface Principal {
  sub: string;
  roles: Role[];
  forces: string[];
}

/** A role check: admin passes every one. */
export function hasAnyRole(p: Principal, roles: readonly Role[]): boolean {
  return p.roles.includes('admin') || roles.some((r) => p.roles.includes(r));
}

export function canSeeForce(p: Principal, force: string): boolean {
  return p.forces.includes('*') || p.forces.includes(force);
}

export function hasNationalScope(p: Principal): boolean {
  return p.forces.includes('*');
}
