using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FieldService.Tests.Infrastructure;

/// <summary>Keeps every log line written at any level: message, structured values, scopes and exceptions.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            var scopeText = new List<string>();
            owner.scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopeText);
            owner.lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {values} | {string.Join(" / ", scopeText)} | {exception}");
        }
    }
}
