/**
 * ListOwner: what a list or instance belongs to (a sprite, a shape), told when something other
 * than the owner itself changes where the list is: a batch moved it to another domain (its group
 * stopped being equal to the others in its domain, or `migrate`), or it was deleted (directly, or
 * with its batch). The owner keeps derived state (where its vertices are) and follows.
 */
export interface ListOwner {
  /** The list is in another domain now, its vertices copied there from the shadow. */
  listMoved(): void;
  /** The list was deleted, or its domain with its batch: nothing may be written to it again. */
  listLost(): void;
}
