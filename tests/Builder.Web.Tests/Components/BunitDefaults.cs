using System.Runtime.CompilerServices;
using Bunit;

namespace Builder.Web.Tests.Components;

internal static class BunitDefaults
{
    /// <summary>
    /// WaitForAssertion/WaitForState end as soon as their condition holds; the bound only matters on a loaded
    /// 2-core CI machine, where bUnit's default of one second is too tight for a render over a real database.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
}
