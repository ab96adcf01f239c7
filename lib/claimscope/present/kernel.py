"""One kernel for a whole report build: each notebook runs in it, in a fresh namespace.

Starting a kernel and importing claimscope, pandas and Altair in it costs seconds, and a
report site has a page per article. :class:`ReportKernel` starts one kernel (on the
interpreter :func:`claimscope.present.export.kernel_name` names) and runs the notebooks in
it one after the other with nbclient, cell by cell, each with its parameters injected as
papermill injects them (an ``injected-parameters`` cell after the ``parameters`` cell, the
values in the notebook's metadata). Before a notebook's first cell, a setup cell (not kept in
the executed notebook) clears the namespace the previous notebook left (IPython's
``%reset -f``; imported modules stay, and with them the tables
:func:`claimscope.analysis.queries.load_tables` has read), changes to the notebooks' folder,
where papermill would run them, and starts a new page of
:mod:`claimscope.present.display` (:func:`claimscope.present.display.start_page`).

A cell that raises stops its notebook, as with papermill: the notebook keeps the error as the
cell's output and :meth:`ReportKernel.run` returns its text. A kernel that dies, or a cell
that runs longer than the time limit, fails that notebook too; the kernel is then started
again for the next one.
"""

from __future__ import annotations

import copy
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

logger = logging.getLogger(__name__)

#: Tag of the setup cell run before each notebook (removed from the executed notebook).
SETUP_TAG = "claimscope-setup"

#: Longest a cell may run, in seconds, before its notebook is failed and the kernel restarted.
CELL_TIMEOUT = 600

#: Passed to the kernel: its own start-up warnings would interleave with the progress bar.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=ERROR",)


@dataclass(frozen=True)
class Executed:
    """A notebook run by :meth:`ReportKernel.run`."""

    notebook: Any  # the executed notebook, with the outputs of every cell that ran
    error: str | None  # why it failed ("ValueError: ..."); None when every cell ran


def _setup_source(folder: Path, site_dir: Path | None) -> str:
    site = None if site_dir is None else str(site_dir)
    return (
        "from claimscope.present.kernel import begin_notebook as _begin\n"
        f"_begin(get_ipython(), folder={str(folder)!r}, site_dir={site!r})"
    )


def begin_notebook(shell: Any, *, folder: str, site_dir: str | None) -> None:
    """Run in the kernel before a notebook: clear the namespace, change to ``folder`` and
    start a page (see the module docstring)."""
    from claimscope.present import display

    clear_namespace(shell)
    os.chdir(folder)
    display.start_page(site_dir=site_dir)


def clear_namespace(shell: Any) -> None:
    """Remove the names notebooks defined from an IPython shell's namespace, and its cached
    outputs: what ``%reset -f`` does, without the full garbage collection it ends with (a
    quarter of a second once pandas and Altair are loaded; reference counting frees nearly
    everything anyway)."""
    hidden = shell.user_ns_hidden
    for name in [n for n in shell.user_ns if n not in hidden and not n.startswith("__")]:
        del shell.user_ns[name]
    for name in [n for n in hidden if re.fullmatch(r"_i?\d+", n)]:  # In[n], Out[n] as _in, _n
        hidden.pop(name, None)
        shell.user_ns.pop(name, None)
    shell.history_manager.output_hist.clear()
    for name in ("_", "__", "___"):
        setattr(shell.displayhook, name, "")
        shell.user_ns[name] = ""


class ReportKernel:
    """A kernel that runs report notebooks one after the other (see the module docstring).

    Use as a context manager: the kernel starts on entry and is shut down on exit.

    Args:
        folder: The notebooks' folder: the working folder of every notebook.
        kernel_name: The kernelspec to start (see
            :func:`claimscope.present.export.kernel_name`).
        preload: Code the kernel runs as soon as it has started (say, imports and reading
            the tables), while the caller goes on with its own work; the first notebook
            runs after it. Its outputs and errors are ignored.
    """

    def __init__(self, folder: str | os.PathLike, *, kernel_name: str, preload: str = "") -> None:
        self.folder = Path(folder).resolve()
        self.kernel_name = kernel_name
        self.preload = preload
        self._client: Any = None
        self._language_info: dict[str, Any] | None = None

    def __enter__(self) -> ReportKernel:
        if self._client is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start the kernel (and wait until it answers), then send it :attr:`preload`."""
        from jupyter_core.utils import run_sync
        from nbclient import NotebookClient

        client = NotebookClient(
            nbformat.v4.new_notebook(),
            kernel_name=self.kernel_name,
            timeout=CELL_TIMEOUT,
            startup_timeout=120,
            extra_arguments=list(KERNEL_ARGUMENTS),
            resources={"metadata": {"path": str(self.folder)}},
        )
        client.km = client.create_kernel_manager()
        client.start_new_kernel(cwd=str(self.folder))
        client.start_new_kernel_client()
        self._client = client
        reply = run_sync(client.async_wait_for_reply)(client.kc.kernel_info())
        self._language_info = (reply or {}).get("content", {}).get("language_info")
        if self.preload:
            # not waited for: the first notebook's cells queue behind it in the kernel, and
            # nbclient ignores the messages of requests other than the one it waits for
            client.kc.execute(self.preload, store_history=False, silent=True)

    def stop(self) -> None:
        """Shut the kernel down (a dead one is cleaned up)."""
        from jupyter_core.utils import run_sync

        if self._client is not None:
            run_sync(_shutdown)(self._client)
            self._client = None

    def restart(self) -> None:
        """A new kernel in place of this one (after it died or hung)."""
        self.stop()
        self.start()

    def run(
        self,
        notebook: Any,
        parameters: dict[str, Any],
        *,
        site_dir: str | os.PathLike | None = None,
    ) -> Executed:
        """Run ``notebook`` with ``parameters`` in a fresh namespace; never raises for what
        the notebook does.

        Args:
            notebook: The notebook to run (not changed: a copy is run).
            parameters: Its parameters, by name.
            site_dir: The report site the page is written to (see
                :func:`claimscope.present.display.start_page`); ``None`` for none.
        """
        from nbclient.exceptions import CellExecutionError, CellTimeoutError

        if self._client is None:
            self.start()
        nb = inject_parameters(notebook, parameters)
        if self._language_info:
            nb.metadata["language_info"] = self._language_info
        setup = nbformat.v4.new_code_cell(
            _setup_source(self.folder, None if site_dir is None else Path(site_dir).resolve()),
            metadata={"tags": [SETUP_TAG]},
        )
        nb.cells.insert(0, setup)
        client = self._client
        client.nb = nb
        client.reset_execution_trackers()
        error = None
        count = 0
        try:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code" and index > 0:
                    count += 1
                client.execute_cell(cell, index, execution_count=count or None)
        except CellExecutionError as exc:
            error = f"{exc.ename}: {exc.evalue}"
        # a dead kernel (DeadKernelError), a lost connection (other RuntimeErrors), a hang
        except (RuntimeError, CellTimeoutError) as exc:
            error = f"{type(exc).__name__}: {exc}".strip().splitlines()[0]
            logger.warning("%s; starting a new kernel", error)
            self.restart()
        nb.cells.pop(0)
        return Executed(nb, error)


def inject_parameters(notebook: Any, parameters: dict[str, Any]) -> Any:
    """A copy of ``notebook`` with ``parameters`` set as papermill sets them: a cell tagged
    ``injected-parameters`` after the cell tagged ``parameters`` (or first, without one), and
    the values in the metadata."""
    from papermill.translators import translate_parameters

    nb = copy.deepcopy(notebook)
    source = translate_parameters("python3", "python", parameters, "Parameters")
    injected = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    nb.cells.insert(tagged[0] + 1 if tagged else 0, injected)
    nb.metadata["papermill"] = {"parameters": copy.deepcopy(parameters)}
    return nb


async def _shutdown(client: Any) -> None:
    """Stop ``client``'s channels and its kernel, also when the kernel is already dead."""
    from jupyter_core.utils import ensure_async

    km, kc = client.km, client.kc
    try:
        if kc is not None:
            kc.stop_channels()
        if km is not None and await ensure_async(km.is_alive()):
            await ensure_async(km.shutdown_kernel(now=True))
    finally:
        if km is not None:
            await ensure_async(km.cleanup_resources())
        client.kc = None
        client.km = None
