/** The simulator wrapper lives in scripts/ (the offline plan's isolation proof uses it too). */
export * from "../../scripts/iamSimulation";
