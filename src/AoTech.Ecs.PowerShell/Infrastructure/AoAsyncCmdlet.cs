using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using AoTech.Ecs.Errors;

namespace AoTech.Ecs.PowerShell.Infrastructure
{
    /// <summary>PowerShell's answer to ShouldProcess: whether to go ahead, and whether that was a -WhatIf (nothing approved).</summary>
    public readonly struct Confirmation
    {
        public Confirmation(bool approved, bool whatIf)
        {
            Approved = approved;
            WhatIf = whatIf;
        }

        public bool Approved { get; }
        /// <summary>True when PowerShell answered for -WhatIf (ShouldProcessReason.WhatIf): it printed the "What if:" line.</summary>
        public bool WhatIf { get; }
    }

    /// <summary>
    /// Runs a cmdlet's work on the thread pool while only the pipeline thread talks to PowerShell.
    /// Worker code posts output, errors, progress and confirmation prompts to a queue; the pipeline thread drains it
    /// until the work finishes. On any other exit (Ctrl+C, a downstream Select-Object -First, a WriteError that stops the
    /// pipeline) the work is cancelled and waited for, up to <see cref="StopWaitLimit"/>, before the cmdlet lets go of
    /// what it holds: no call of this invocation happens after it returned.
    /// A failure in ProcessRecord is one non-terminating error for that input item, and the next items go on (each may
    /// carry its own connection details); a failure in BeginProcessing or EndProcessing ends the invocation.
    /// </summary>
    public abstract class AoAsyncCmdlet : PSCmdlet, IDisposable
    {
        /// <summary>
        /// How long an exit waits for the cancelled work to end. Longer than the grace a connection gives a change already
        /// sent (AwsConnectionOptions.StopGracePeriod, 10 s) plus the lock's release: a stopped run returns once what it
        /// sent has been answered.
        /// </summary>
        public static TimeSpan StopWaitLimit { get; set; } = TimeSpan.FromSeconds(30);

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private BlockingCollection<Action>? _queue;
        private int _pipelineThreadId;

        protected virtual Task BeginProcessingAsync(CancellationToken ct) => Task.CompletedTask;
        protected virtual Task ProcessRecordAsync(CancellationToken ct) => Task.CompletedTask;
        protected virtual Task EndProcessingAsync(CancellationToken ct) => Task.CompletedTask;

        protected sealed override void BeginProcessing()
        {
            _pipelineThreadId = Thread.CurrentThread.ManagedThreadId;
            try
            {
                OnPipelineThreadStart();
                EnsureConfirmationPossible();
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(ex, TargetOf(ex)));
            }
            Run(BeginProcessingAsync, perItem: false);
        }

        protected sealed override void ProcessRecord()
        {
            try
            {
                OnRecordStart();
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                Report(ex, perItem: true);
                return;
            }
            Run(ProcessRecordAsync, perItem: true);
        }

        protected sealed override void EndProcessing() => Run(EndProcessingAsync, perItem: false);
        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>Runs on the pipeline thread before any work: the place to read session state (variables, paths).</summary>
        protected virtual void OnPipelineThreadStart() { }

        /// <summary>Runs on the pipeline thread before each input item's work: the place to resolve item paths.</summary>
        protected virtual void OnRecordStart() { }

        public void PostObject(object? value) => Post(() => WriteObject(value));
        public void PostVerbose(string text) => Post(() => WriteVerbose(text));
        public void PostWarning(string text) => Post(() => WriteWarning(text));
        public void PostError(ErrorRecord record) => Post(() => WriteError(record));
        public void PostProgress(ProgressRecord record) => Post(() => WriteProgress(record));
        public void PostInformation(object message, string source) =>
            Post(() => WriteInformation(new InformationRecord(message, source)));

        /// <summary>Asks ShouldProcess on the pipeline thread (so -WhatIf and -Confirm work) and returns whether to go ahead.</summary>
        public async Task<bool> ShouldProcessAsync(string target, string action) =>
            (await ConfirmAsync(target, action).ConfigureAwait(false)).Approved;

        /// <summary>
        /// Asks PowerShell's ShouldProcess on the pipeline thread and returns its answer with its reason: -WhatIf,
        /// -Confirm, $WhatIfPreference and $ConfirmPreference are weighed by PowerShell itself, the same way in every
        /// cmdlet (e.g. -WhatIf:$false wins over $WhatIfPreference).
        /// </summary>
        public Task<Confirmation> ConfirmAsync(string target, string action)
        {
            var answer = new TaskCompletionSource<Confirmation>(TaskCreationOptions.RunContinuationsAsynchronously);
            // A cmdlet that stops draining the queue (an exit) never answers: the waiting work must not hang.
            var cancel = _stop.Token.Register(() => answer.TrySetCanceled());
            Post(() =>
            {
                try
                {
                    var description = $"Performing the operation \"{action}\" on target \"{target}\".";
                    var approved = ShouldProcess(description, null, null, out var reason);
                    answer.TrySetResult(new Confirmation(approved, reason == ShouldProcessReason.WhatIf));
                }
                catch (Exception ex) when (IsPromptImpossible(ex))
                {
                    answer.TrySetException(ConfirmationRequired(ex));
                }
                catch (Exception ex)
                {
                    answer.TrySetException(ex);
                }
            });
            answer.Task.ContinueWith(_ => cancel.Dispose(), TaskScheduler.Default);
            return answer.Task;
        }

        private void Post(Action action)
        {
            var queue = _queue;
            if (_pipelineThreadId == 0 || Thread.CurrentThread.ManagedThreadId == _pipelineThreadId)
            {
                // Called from the pipeline thread itself (or before any work started): act at once.
                action();
                return;
            }
            // The work is over and nothing listens: a straggler (e.g. a call a failed run left behind, finishing later)
            // must never write from its own thread, which would run the next pipeline's script blocks on that thread.
            if (queue == null) return;
            try { queue.Add(action); }
            catch (InvalidOperationException) { /* the drain ended (or the queue is gone); nothing listens any more */ }
        }

        private void Run(Func<CancellationToken, Task> work, bool perItem)
        {
            _pipelineThreadId = Thread.CurrentThread.ManagedThreadId;
            var queue = new BlockingCollection<Action>();
            _queue = queue;
            var task = Task.Run(() => work(_stop.Token));
            task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
            try
            {
                foreach (var action in queue.GetConsumingEnumerable(_stop.Token))
                    action();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Ctrl+C or the pipeline stopping: PowerShell already knows.
                Abandon(task);
                throw new PipelineStoppedException();
            }
            catch
            {
                // Writing to the pipeline threw (a downstream Select-Object -First 1, -ErrorAction Stop, a stopped
                // pipeline): the work must not carry on in the background while the cmdlet lets go of its connection.
                Abandon(task);
                throw;
            }
            _queue = null;
            queue.Dispose();

            if (task.Status == TaskStatus.RanToCompletion) return;
            var failure = task.Exception?.GetBaseException() ?? (Exception)new OperationCanceledException();
            if (_stop.IsCancellationRequested && (failure is OperationCanceledException || failure is PipelineStoppedException))
                throw new PipelineStoppedException();
            if (failure is PipelineStoppedException) throw failure;
            Report(failure, perItem);
        }

        /// <summary>Writes one error for the current item, or ends the invocation (see the class summary).</summary>
        private void Report(Exception failure, bool perItem)
        {
            var record = ErrorRecordFactory.Create(failure, TargetOf(failure));
            if (!perItem) ThrowTerminatingError(record);
            FailedItems++;
            WriteError(record);
        }

        /// <summary>Input items whose ProcessRecord failed (each got its error).</summary>
        protected int FailedItems { get; private set; }

        /// <summary>
        /// Cancels the work and waits for it, up to <see cref="StopWaitLimit"/>; what it still posts is dropped. Work that
        /// outlives the limit finds its connection closed once the cmdlet is disposed, so it cannot reach AWS either.
        /// </summary>
        private void Abandon(Task task)
        {
            _queue = null;
            _stop.Cancel();
            try
            {
                task.Wait(StopWaitLimit);
            }
            catch (AggregateException)
            {
                // Failed or cancelled: it has ended, which is all that matters here.
            }
            // Observe a late failure, so it never surfaces as an unobserved task exception.
            task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        }

        /// <summary>
        /// True when <paramref name="ex"/> concerns one item of several a cmdlet works through (one app of -Name a,b,c):
        /// report it and go on. False for a stop (Ctrl+C).
        /// </summary>
        protected bool IsItemFailure(Exception ex) =>
            !(ex is PipelineStoppedException) && !(ex is OperationCanceledException && _stop.IsCancellationRequested);

        /// <summary>The item an exception is about (an app, an image, a deployment); cmdlets name their current input.</summary>
        protected virtual object? TargetOf(Exception ex) => null;

        // ---- confirmation in sessions that cannot prompt ----

        /// <summary>
        /// When this invocation will certainly ask for confirmation and the host cannot prompt (a non-interactive session,
        /// a hosted runspace without UI), says so before any work: otherwise the prompt fails late, after every read.
        /// </summary>
        private void EnsureConfirmationPossible()
        {
            var attribute = GetType().GetCustomAttribute<CmdletAttribute>();
            if (attribute == null || !attribute.SupportsShouldProcess || CanPrompt()) return;
            var bound = MyInvocation.BoundParameters;
            // -WhatIf never prompts; when it (or $WhatIfPreference) may be in effect, let PowerShell decide.
            if (bound.TryGetValue("WhatIf", out var whatIf) ? IsOn(whatIf) : IsOn(SessionState.PSVariable.GetValue("WhatIfPreference")))
                return;
            bool prompts;
            if (bound.TryGetValue("Confirm", out var confirm))
                prompts = IsOn(confirm);
            else
                prompts = ConfirmPreference() is ConfirmImpact preference && preference != ConfirmImpact.None && attribute.ConfirmImpact >= preference;
            if (prompts) throw ConfirmationRequired(null);
        }

        private ConfirmImpact? ConfirmPreference()
        {
            var value = SessionState.PSVariable.GetValue("ConfirmPreference");
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            if (value is ConfirmImpact impact) return impact;
            return value != null && Enum.TryParse<ConfirmImpact>(value.ToString(), true, out var parsed) ? parsed : (ConfirmImpact?)null;
        }

        private static bool IsOn(object? value) => value switch
        {
            SwitchParameter s => s.IsPresent,
            bool b => b,
            PSObject ps => IsOn(ps.BaseObject),
            _ => false,
        };

        /// <summary>
        /// False for a host without UI (a runspace of [powershell]::Create()), and for the console host started with
        /// -NonInteractive, which refuses every prompt. PowerShell tells neither publicly: the session's UI wraps the
        /// host's own UI (a private field, null without UI), which keeps -NonInteractive in a private flag. When either
        /// cannot be read, the answer is "can prompt", and a failing prompt is still reported as ConfirmationRequired.
        /// </summary>
        private bool CanPrompt()
        {
            object? ui = Host?.UI;
            if (ui == null) return false;
            const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
            var external = ui.GetType().GetField("_externalUI", Private) ?? ui.GetType().GetField("externalUI", Private);
            if (external != null && typeof(PSHostUserInterface).IsAssignableFrom(external.FieldType))
            {
                ui = external.GetValue(ui);
                if (ui == null) return false;
            }
            for (var type = ui.GetType(); type != null && type != typeof(PSHostUserInterface); type = type.BaseType)
            {
                var flag = type.GetField("_throwOnReadAndPrompt", Private) ?? type.GetField("throwOnReadAndPrompt", Private);
                if (flag != null && flag.FieldType == typeof(bool)) return !(bool)flag.GetValue(ui)!;
            }
            return true;
        }

        private static bool IsPromptImpossible(Exception ex) =>
            ex is HostException || (ex is PSInvalidOperationException && ex.Message.IndexOf("NonInteractive", StringComparison.OrdinalIgnoreCase) >= 0);

        private AoEcsException ConfirmationRequired(Exception? inner)
        {
            var name = MyInvocation.MyCommand?.Name ?? GetType().Name;
            return new AoEcsException(CmdletErrorIds.ConfirmationRequired, AoErrorKind.Configuration,
                $"{name} asks for confirmation before it changes anything, and this session cannot prompt (it is non-interactive). " +
                "Nothing was changed.", name, inner)
            {
                RecommendedAction = "Pass -Confirm:$false to go ahead without asking, or -WhatIf to see what it would do.",
            };
        }

        /// <summary>PowerShell calls this when the invocation ends (finished, failed or stopped).</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Release what the invocation holds; the work has ended by now (or, past the wait limit, been cancelled).</summary>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing) _stop.Dispose();
        }
    }
}
