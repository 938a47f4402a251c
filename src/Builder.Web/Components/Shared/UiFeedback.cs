using Builder.Domain.Common;
using MudBlazor;

namespace Builder.Web.Components.Shared;

/// <summary>
/// How pages and dialogs report outcomes: success and failure snackbars, field messages for validation,
/// a confirmation before destructive actions, and the conflict dialog for stale saves. Nothing fails silently.
/// </summary>
public sealed class UiFeedback(ISnackbar snackbar, IDialogService dialogs, ILogger<UiFeedback> logger)
{
    private static readonly DialogOptions Small = new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true, DefaultFocus = DialogDefaults.Focus };

    /// <summary>How long a success stays: long enough to read, gone before it covers the next thing done (errors stay longer).</summary>
    public const int SuccessMilliseconds = 3000;

    public void Success(string message) =>
        snackbar.Add(message, Severity.Success, config => config.VisibleStateDuration = SuccessMilliseconds);

    public void Failure(string message) => snackbar.Add(message, Severity.Error);

    /// <summary>Shows the failure; an unexpected one is logged with a correlation id, which is returned.</summary>
    public string? Error(Exception exception)
    {
        string? correlationId = null;
        if (!ErrorText.IsExpected(exception))
        {
            correlationId = ErrorText.NewCorrelationId();
            logger.LogError(exception, "Unexpected error in the console {CorrelationId}", correlationId);
        }
        snackbar.Add(ErrorText.Describe(exception, correlationId), Severity.Error);
        return correlationId;
    }

    /// <summary>Asks before a destructive action; true when the person confirmed.</summary>
    public async Task<bool> ConfirmAsync(string title, string message, string confirmText, bool destructive = true)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Message, message },
            { d => d.ConfirmText, confirmText },
            { d => d.Destructive, destructive },
        };
        var dialog = await dialogs.ShowAsync<ConfirmDialog>(title, parameters, Small);
        return await dialog.Result is { Canceled: false };
    }

    /// <summary>
    /// Runs an operation and reports it. Validation messages go to <paramref name="fields"/> when given; a stale save
    /// opens the conflict dialog, whose Reload button calls <paramref name="reload"/>. True when the operation succeeded.
    /// </summary>
    public async Task<bool> RunAsync(Func<Task> operation, string? success, FieldErrors? fields = null, Func<Task>? reload = null)
    {
        fields?.Clear();
        try
        {
            await operation();
            if (success is not null) Success(success);
            return true;
        }
        catch (ValidationException validation) when (fields is not null)
        {
            fields.Set(validation);
            if (fields.Other is { } other) snackbar.Add(other, Severity.Error);
        }
        catch (ConflictException conflict) when (fields?.ConflictField is not null)
        {
            fields.Set(conflict); // a duplicate name shows on the name field, not in a toast
        }
        catch (ConcurrencyException conflict)
        {
            if (await ShowConflictAsync(conflict) && reload is not null) await reload();
        }
        catch (Exception exception)
        {
            Error(exception);
        }
        return false;
    }

    /// <summary>Names who changed the record and when; true when the person chose Reload.</summary>
    public async Task<bool> ShowConflictAsync(ConcurrencyException conflict)
    {
        var parameters = new DialogParameters<ConflictDialog>
        {
            { d => d.ChangedBy, conflict.ChangedBy },
            { d => d.ChangedAt, conflict.ChangedAt },
        };
        var dialog = await dialogs.ShowAsync<ConflictDialog>("Someone else changed this", parameters, Small);
        return await dialog.Result is { Canceled: false };
    }
}
