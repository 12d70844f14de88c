"""Printing an ImportRun from the import commands."""


def write_run(command, run):
    """The run's summary, rejections and warnings; a failed run's summary on stderr."""
    failed = run.outcome == run.Outcome.FAILED
    summary, *details = run.report_lines()
    if failed:
        command.stderr.write(command.style.ERROR(summary))
    else:
        command.stdout.write(command.style.SUCCESS(summary))
    for line in details:
        command.stdout.write(line)
