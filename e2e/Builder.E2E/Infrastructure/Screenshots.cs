using Microsoft.Playwright;

namespace Builder.E2E.Infrastructure;

/// <summary>
/// Screenshots for looking at the pages the flows visit. Off by default; set E2E_SCREENSHOTS to a directory
/// (e.g. E2E_SCREENSHOTS=/tmp/flows-shots) and each call writes {name}.png there.
/// </summary>
public static class Screenshots
{
    static readonly string? Directory = Environment.GetEnvironmentVariable("E2E_SCREENSHOTS");

    public static async Task SaveScreenshotAsync(this IPage page, string name)
    {
        if (string.IsNullOrWhiteSpace(Directory)) return;
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
    }
}
