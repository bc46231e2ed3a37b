/**
 * An AWS Organization on moto's server for the vending and silo tests: moto started once per test
 * file, reset before each test into a fresh organization (the caller's account, 123456789012, is its
 * management account) with an OU `silos` under the root, and an Organizations client that records
 * the name of every command sent after that set-up.
 */
import {
    CreateOrganizationalUnitCommand,
    CreateOrganizationCommand,
    ListRootsCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Moto, startMoto } from "../engine/support/moto";

export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;

export interface MotoOrganization {
    readonly moto: Moto;
    readonly client: OrganizationsClient;
    readonly organizationId: string;
    readonly rootId: string;
    /** The OU `silos` under the root. */
    readonly ouId: string;
    /** Commands the client sent since the set-up, by name. */
    readonly calls: string[];
}

/** Registers the file's hooks; the returned function gives the current test's organization. */
export function useMotoOrganization(): () => MotoOrganization {
    let moto: Moto | undefined;
    let current: MotoOrganization | undefined;
    beforeAll(async () => {
        moto = await startMoto();
    });
    afterAll(async () => {
        await moto?.close();
    });
    beforeEach(async () => {
        if (moto === undefined) throw new Error("moto's server is not started");
        await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
        const client = new OrganizationsClient({
            region: "us-east-1",
            endpoint: moto.endpoint,
            credentials: MOTO_CREDENTIALS,
        });
        const created = await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
        const rootId = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? "";
        const ou = await client.send(
            new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "silos" }),
        );
        const calls: string[] = [];
        client.middlewareStack.add(
            (next, context) => async (args) => {
                calls.push(String(context.commandName));
                return next(args);
            },
            { step: "initialize", name: "recordCommands" },
        );
        current = {
            moto,
            client,
            organizationId: created.Organization?.Id ?? "",
            rootId,
            ouId: ou.OrganizationalUnit?.Id ?? "",
            calls,
        };
    });
    return () => {
        if (current === undefined) throw new Error("the organization is made before each test");
        return current;
    };
}
