using Microsoft.Playwright;

namespace Builder.E2E.Infrastructure;

/// <summary>
/// Launches Debian's Chromium (never Playwright's own download, which cannot work here).
/// scripts/test.sh installs it with apt when /usr/bin/chromium is missing.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Generous: the CI machine has two cores and may be busy. Waits end as soon as the condition holds.</summary>
    public const int ExpectTimeoutMs = 20_000;
    public const int ActionTimeoutMs = 45_000;

    static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: run `bash scripts/test.sh` (installs it) or `apt-get install -y chromium`.");
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
        });
        return (playwright, browser);
    }
}
