namespace Builder.Web.Features.Tables.Knowledge;

/// <summary>The knowledge-base page's address: the table's public number within its organization.</summary>
public static class KnowledgeLinks
{
    public static string Page(Guid org, int tableNumber) => $"/orgs/{org}/tables/{tableNumber}/knowledge";
}
