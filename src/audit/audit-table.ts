/** The StateStore table of the trail: partition = one writer's chain of one UTC day (`<day>~<writer>`). */
export const AUDIT_TABLE = 'audit';
