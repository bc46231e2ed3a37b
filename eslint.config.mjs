// One linter (typescript-eslint, type-aware) plus Prettier for formatting.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/**", "bin/**", "dist/**", "coverage/**", "**/*.mjs", "**/*.mts"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { pulumi },
        rules: {
            // An Output in a template literal renders as a warning string, not its value: use pulumi.interpolate.
            "pulumi/no-output-in-template-literal": "error",
            "pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-non-null-assertion": "error",
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-require-imports": "off",
            // Lambda handlers are async by contract even when their body does not await.
            "@typescript-eslint/require-await": "off",
            // IAM policy variables such as "${aws:PrincipalTag/TenantId}" are literal strings by design.
            "no-template-curly-in-string": "off",
        },
    },
    {
        // Tests read JSON documents (plans, policies) whose shape they then assert.
        files: ["test/**/*.ts"],
        rules: {
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-call": "off",
        },
    },
);
