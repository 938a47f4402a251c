namespace Builder.Web.Features.Agents;

/// <summary>The agents' addresses, scoped to an organization; an agent is addressed by its public number (agentId).</summary>
public static class AgentLinks
{
    public static string List(Guid org) => $"/orgs/{org}/agents";

    public static string Edit(Guid org, int number) => $"/orgs/{org}/agents/{number}";
}
