/**
 * A tenant's Cognito users: every user of the platform's user pool whose immutable
 * `custom:tenantId` is the tenant's id, not only the admin its stack created. Offboarding disables
 * them; a purge deletes them. Either way a later tenant of the same id never inherits them.
 *
 * ListUsers filters only on standard attributes (custom attributes are not searchable), so the
 * pool is paged through (60 users a page) and each user's `custom:tenantId` compared.
 */
import {
    AdminDeleteUserCommand,
    AdminDisableUserCommand,
    type CognitoIdentityProviderClient,
    ListUsersCommand,
    UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";

export const TENANT_ID_ATTRIBUTE = "custom:tenantId";

export interface TenantUser {
    readonly username: string;
    readonly enabled: boolean;
}

/** The users of a tenant id. Cognito in production; tests may keep them in memory. */
export interface TenantUserDirectory {
    list(tenantId: string): Promise<readonly TenantUser[]>;
    /** Disables the enabled ones; returns how many were disabled. */
    disable(tenantId: string): Promise<number>;
    /** Deletes them all; returns how many were deleted. */
    remove(tenantId: string): Promise<number>;
}

/** The users of the platform's user pool (`userPoolId` of the platform stack). */
export class CognitoTenantUsers implements TenantUserDirectory {
    constructor(
        private readonly cognito: CognitoIdentityProviderClient,
        readonly userPoolId: string,
    ) {}

    async list(tenantId: string): Promise<readonly TenantUser[]> {
        const users: TenantUser[] = [];
        let token: string | undefined;
        do {
            const page = await this.cognito.send(
                new ListUsersCommand({ UserPoolId: this.userPoolId, Limit: 60, PaginationToken: token }),
            );
            for (const user of page.Users ?? []) {
                const id = user.Attributes?.find((a) => a.Name === TENANT_ID_ATTRIBUTE)?.Value;
                if (id === tenantId && user.Username !== undefined)
                    users.push({ username: user.Username, enabled: user.Enabled !== false });
            }
            token = page.PaginationToken;
        } while (token !== undefined && token !== "");
        return users;
    }

    async disable(tenantId: string): Promise<number> {
        let disabled = 0;
        for (const user of await this.list(tenantId)) {
            if (!user.enabled) continue;
            await this.cognito.send(
                new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: user.username }),
            );
            disabled++;
        }
        return disabled;
    }

    async remove(tenantId: string): Promise<number> {
        let deleted = 0;
        for (const user of await this.list(tenantId)) {
            try {
                await this.cognito.send(
                    new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: user.username }),
                );
                deleted++;
            } catch (error) {
                // Deleted meanwhile (by the stack's destroy, or an earlier run of this purge).
                if (!(error instanceof UserNotFoundException)) throw error;
            }
        }
        return deleted;
    }
}
