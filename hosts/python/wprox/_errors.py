"""The exception a diverged run raises."""


class RunError(RuntimeError):
    """The run diverged or a solve failed (the CLI's exit code 3).

    ``str(err)`` is the engine's one-line message, "step N: reason";
    ``err.step`` is the step that failed (0: set-up or the finish stage),
    ``err.reason`` the message without the step, and ``err.result`` the
    partial result (a :class:`wprox.Result` holding the trace up to the
    failure and the state of the last completed step), or None when the run
    never started.
    """

    def __init__(self, message, step=0, reason="", result=None):
        super().__init__(message)
        self.step = step
        self.reason = reason or message
        self.result = result
