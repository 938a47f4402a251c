using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Builder.Web.Components.Shared;

/// <summary>
/// Catches an unexpected error in a page, logs it with a correlation id and shows a friendly message quoting
/// that id, instead of breaking the whole console. Navigating elsewhere recovers.
/// </summary>
public sealed class ConsoleErrorBoundary : ErrorBoundary
{
    private string? _correlationId;

    [Inject] private ILogger<ConsoleErrorBoundary> Logger { get; set; } = default!;

    protected override Task OnErrorAsync(Exception exception)
    {
        _correlationId = ErrorText.NewCorrelationId();
        Logger.LogError(exception, "Unhandled error in a console page {CorrelationId}", _correlationId);
        return Task.CompletedTask;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            return;
        }
        builder.OpenComponent<MudAlert>(1);
        builder.AddComponentParameter(2, nameof(MudAlert.Severity), Severity.Error);
        builder.AddComponentParameter(3, nameof(MudAlert.Class), "my-6");
        builder.AddComponentParameter(4, nameof(MudAlert.ChildContent), (RenderFragment)(content =>
            content.AddContent(0, ErrorText.Describe(CurrentException, _correlationId))));
        builder.CloseComponent();
    }
}
