/** The lifecycle operations and their steps: the vocabulary the progress record and the errors share. */
/** The steps of every operation, in order. `done` is the last step of all but offboard (whose stack goes). */
export const OPERATION_STEPS = Object.freeze({
    signup: ["silo", "deploy", "done"],
    "change-tier": ["silo", "suspend", "migrate", "done"],
    suspend: ["deploy", "done"],
    resume: ["deploy", "done"],
    offboard: ["suspend", "backup", "destroy", "purge", "tombstone", "remove"],
} as const);

export type LifecycleOperation = keyof typeof OPERATION_STEPS;
export const LIFECYCLE_OPERATIONS = Object.keys(OPERATION_STEPS) as LifecycleOperation[];
export type OperationStep<O extends LifecycleOperation> = (typeof OPERATION_STEPS)[O][number];
