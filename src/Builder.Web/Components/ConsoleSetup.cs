using Builder.Web.Components.Layout;
using Builder.Web.Components.Shared;

namespace Builder.Web.Components;

public static class ConsoleSetup
{
    /// <summary>The console's per-circuit services: outcome reporting and the shell's change notifications.</summary>
    public static IServiceCollection AddBuilderConsole(this IServiceCollection services)
    {
        services.AddScoped<UiFeedback>();
        services.AddScoped<ConsoleEvents>();
        return services;
    }
}
