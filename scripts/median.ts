/** The median of a sample (the mean of the two middle values for an even count); `NaN` when empty. */
export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    if (sorted.length === 0) return Number.NaN;
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
