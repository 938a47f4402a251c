using System.Reflection;
using Builder.Domain.Common;

namespace Builder.Domain.Tables.Storage;

/// <summary>
/// A factory that hands out one open context again and again, for running several <see cref="TableService"/> changes in one
/// transaction (<see cref="TableService.InOneTransactionAsync{T}"/>): each service method still writes
/// <c>await using var db = dbs.Create()</c>, and the context it gets is the shared one, which that <c>using</c> does not dispose.
/// The owner of the shared context disposes it.
/// </summary>
internal sealed class SharedContextFactory(IBuilderDbContext shared) : IBuilderDbContextFactory
{
    public IBuilderDbContext Create() => NotDisposing.Wrap(shared);

    /// <summary>Forwards every member of <see cref="IBuilderDbContext"/> to the shared context except <c>DisposeAsync</c>, which does nothing.</summary>
    public class NotDisposing : DispatchProxy
    {
        private IBuilderDbContext _inner = null!;

        public static IBuilderDbContext Wrap(IBuilderDbContext inner)
        {
            var proxy = Create<IBuilderDbContext, NotDisposing>();
            ((NotDisposing)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method is null) return null;
            if (method.Name == nameof(IAsyncDisposable.DisposeAsync) && method.DeclaringType == typeof(IAsyncDisposable)) return ValueTask.CompletedTask;
            try
            {
                return method.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
