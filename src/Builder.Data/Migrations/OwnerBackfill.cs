namespace Builder.Data.Migrations;

/// <summary>
/// The data step of the Sharing migration, for both providers: every existing owned record gets an owner — the member whose
/// audit <c>created</c> entry names them (when still a member of the record's organization), else the organization's first
/// Admin, else whoever created it — and is shared company-wide at EDIT (the columns' defaults), so nothing changes for anyone
/// until someone restricts a record.
/// </summary>
internal static class OwnerBackfill
{
    public static string Sql(string table, string resourceType, bool sqlServer)
    {
        string Top(string select, string rest) => sqlServer ? $"SELECT TOP 1 {select} {rest}" : $"SELECT {select} {rest} LIMIT 1";
        var t = sqlServer ? $"[{table}]" : $"\"{table}\"";
        var createdByMember = Top("a.ActorUserId",
            $"FROM AuditEntries a JOIN Memberships m ON m.UserId = a.ActorUserId AND m.OrganizationId = {t}.OrganizationId " +
            $"WHERE a.ResourceType = '{resourceType}' AND a.ResourceId = {t}.Id AND a.Action = 'created' ORDER BY a.At");
        var firstAdmin = Top("m.UserId",
            $"FROM Memberships m WHERE m.OrganizationId = {t}.OrganizationId AND m.Role = 'Admin' AND m.UserId IS NOT NULL ORDER BY m.CreatedAt, m.Id");
        var createdByAnyone = Top("a.ActorUserId",
            $"FROM AuditEntries a WHERE a.ResourceType = '{resourceType}' AND a.ResourceId = {t}.Id AND a.Action = 'created' ORDER BY a.At");
        return $"UPDATE {t} SET OwnerId = COALESCE(({createdByMember}), ({firstAdmin}), ({createdByAnyone}), {t}.OwnerId);";
    }
}
