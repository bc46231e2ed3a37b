/** The simulator wrapper lives in plan/isolation/ (the offline plan's isolation proof uses it too). */
export * from "../../plan/isolation/simulation";
