using Builder.Web.Components.Layout;
using Builder.Web.Components.Shared;
using MudBlazor;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Builder.Web.Components;

public static class ConsoleSetup
{
    /// <summary>MudBlazor, and the console's per-circuit services: outcome reporting and the shell's change notifications.</summary>
    public static IServiceCollection AddBuilderConsole(this IServiceCollection services)
    {
        // Snackbars bottom left, over the navigation drawer's empty lower part: clear of the app bar's menus, the page
        // actions and the lists' pagers (bottom right). The same message twice shows once, and at most three stack.
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            o.SnackbarConfiguration.PreventDuplicates = true;
            o.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
        });
        services.AddScoped<UiFeedback>();
        services.AddScoped<ConsoleEvents>();
        services.AddOptions().TryAddSingleton<Api.UserRateLimiter>(); // the test panels share the API's per-user limit
        services.TryAddSingleton<Api.EvaluationConcurrency>(); // and its server-wide cap on evaluations at once
        return services;
    }
}
