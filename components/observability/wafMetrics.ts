/**
 * Dimensions of the `AWS/WAFV2` metrics of a regional web ACL: its metric name, the region, and a
 * rule's metric name (`ALL` for the web ACL over every rule).
 */
export function wafDimensions(
    webAclMetricName: string,
    region: string,
    rule: string,
): Record<string, string> {
    return { WebACL: webAclMetricName, Region: region, Rule: rule };
}
