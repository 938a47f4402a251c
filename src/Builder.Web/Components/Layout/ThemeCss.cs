using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using MudBlazor;

namespace Builder.Web.Components.Layout;

/// <summary>
/// The theme's stylesheet (MudBlazor's CSS variables, its scrollbar and chart rules), as <see cref="MudThemeProvider"/>
/// writes it for <see cref="ConsoleTheme.Theme"/>, made once per process for light and for dark and shared by every circuit.
/// A MudThemeProvider in each circuit held its own copy of the 13 KB stylesheet, a default MudTheme it never used (about
/// a hundred colours), and a JS watch of the system's dark mode with an object reference; the console's theme is the
/// user's choice (the theme toggle and its cookie), so nothing of that is needed per circuit.
/// </summary>
public static class ThemeCss
{
    private static readonly ConcurrentDictionary<bool, string> Styles = new();

    /// <summary>The style elements for the light or the dark palette.</summary>
    public static RenderFragment Style(bool dark) => b => b.AddMarkupContent(0, Of(dark));

    public static string Of(bool dark) => Styles.GetOrAdd(dark, Render);

    private static string Render(bool dark)
    {
        // MudThemeProvider drawn once by the static HTML renderer, without a circuit: what it asks of JavaScript after
        // rendering (is MudBlazor's script there) is answered with nothing, and it is told not to watch the system theme.
        using var services = new ServiceCollection().AddLogging().AddSingleton<IJSRuntime, NoJavaScript>().BuildServiceProvider();
        var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        try
        {
            return renderer.Dispatcher.InvokeAsync(async () =>
            {
                var output = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(new Dictionary<string, object?>
                {
                    [nameof(MudThemeProvider.Theme)] = ConsoleTheme.Theme,
                    [nameof(MudThemeProvider.IsDarkMode)] = dark,
                    [nameof(MudThemeProvider.ObserveSystemDarkModeChange)] = false,
                }));
                return output.ToHtmlString();
            }).GetAwaiter().GetResult();
        }
        finally
        {
            renderer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            InvokeAsync<TValue>(identifier, args);
    }
}
