import type { Page, PageRequest } from '../store/types';

export interface User {
  readonly id: string;
  readonly name: string | null;
  readonly email: string;
  readonly roles: readonly string[];
}

/** How many users hold exactly this set of custom roles. */
export interface RoleSetCount {
  readonly roles: readonly string[];
  readonly users: number;
}

export interface CustomRole {
  readonly name: string;
  readonly description: string;
}

/** The app's users and custom roles, and who holds which role. */
export interface DirectoryStore {
  listUsers(page: PageRequest): Promise<Page<User>>;
  getUser(userId: string): Promise<User | undefined>;
  /** The users with these emails (compared by `emailKeyOf`), keyed by email key; unknown ones are missing. */
  findUsersByEmail(emails: readonly string[]): Promise<Map<string, User>>;
  listCustomRoles(): Promise<readonly CustomRole[]>;
  /** Adds the role at the end of the list. Throws StoreConflictError when a custom role has the name. */
  createCustomRole(role: CustomRole): Promise<CustomRole>;
  /** Also takes the role from its users and forgets its explicit values (with their versions), on flows and app-wide. */
  deleteCustomRole(name: string): Promise<boolean>;
  /** Replaces the user's custom roles (all known: the caller checks), kept in the order of `listCustomRoles`. */
  setUserRoles(userId: string, roles: readonly string[]): Promise<User | undefined>;
  /** Custom role name → how many users hold it (roles nobody holds may be missing). */
  countUsersByRole(): Promise<Map<string, number>>;
  /**
   * Every user counted once, under the set of custom roles they hold (users with none: the empty set;
   * a set nobody holds may be missing; the order of roles within a set is the store's).
   */
  countUsersByRoleSet(): Promise<readonly RoleSetCount[]>;
}
