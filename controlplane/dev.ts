/**
 * `npm run control-plane:dev`: DEVELOPMENT ONLY. The control plane on this machine (the API on
 * http://127.0.0.1:8080 or $PORT, one worker, moto for SQS, DynamoDB, S3 and Cognito, the real engine with the
 * aws provider double) and a local token issuer; prints how to get a token and call the API.
 */
import { startDevControlPlane } from "./local/devControlPlane";

async function main(): Promise<void> {
    const port = Number(process.env.PORT ?? "8080");
    const dev = await startDevControlPlane({ port });
    process.stdout.write(
        [
            "",
            `control plane (DEVELOPMENT ONLY) at ${dev.apiUrl}; OpenAPI document: ${dev.apiUrl}/openapi.json`,
            `local token issuer (client credentials; never deploy it): ${dev.tokenUrl}`,
            "",
            "get a token:",
            `  TOKEN=$(curl -s -X POST ${dev.tokenUrl} -d grant_type=client_credentials | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
            "sign a tenant up and follow the operation:",
            `  curl -i -X POST ${dev.apiUrl}/tenants -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"tenantId":"acme","tier":"pooled","adminEmail":"ops@acme.example"}'`,
            `  curl -s ${dev.apiUrl}/operations/<operationId> -H "authorization: Bearer $TOKEN"`,
            '(README: "Control plane: run it locally" has the tier change, suspend, resume and offboard calls)',
            "",
        ].join("\n"),
    );
    const stop = () => void dev.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
    process.stderr.write(`control-plane:dev: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
