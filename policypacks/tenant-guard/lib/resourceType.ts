import { CustomResource } from "@pulumi/pulumi";

/** What `validateResourceOfType` needs from a resource class: a constructor and the type token. */
export interface ResourceClass<TArgs> {
    new (name: string, args: TArgs): CustomResource;
    readonly __pulumiType: string;
}

/**
 * A stand-in resource class for `validateResourceOfType`: it carries the type token the engine
 * filters on and the provider's `Args` type (imported with `import type`), so policies get typed
 * inputs without loading `@pulumi/aws` at run time. It is never instantiated.
 */
export function resourceClass<TArgs>(token: string): ResourceClass<TArgs> {
    return class extends CustomResource {
        static readonly __pulumiType = token;
        constructor(name: string) {
            super(token, name, {});
        }
    };
}
