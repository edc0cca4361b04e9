import { Fragment, useId, useMemo, useState } from "react";
import type { Deployment, KObject, Pod } from "../engine/api/types";
import { parseAction } from "../engine/kubectl/parse";
import { podRow } from "../engine/kubectl/printers";
import { createDeploymentLine, deletePodLine, scaleDeploymentLine } from "./commandLines";
import { Dialog } from "./Dialog";
import { FaultsMenu } from "./FaultsMenu";
import { inLesson, lessonControls } from "../store/lessonControls";
import { useCluster } from "../store/store";
import { naturalCompare } from "../naturalCompare";

type Open = null | "create" | "scale" | "delete" | "reset";

/**
 * The toolbar: create a deployment, scale one, delete a pod, stop and start machines, reset. The
 * dialogs write a line of the action language and run it like the command bar does.
 */
export function Toolbar() {
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  return (
    <div className="toolbar" role="group" aria-label="Actions">
      <button type="button" className="btn" onClick={() => setOpen("create")} aria-haspopup="dialog">
        Create deployment
      </button>
      <button type="button" className="btn" onClick={() => setOpen("scale")} aria-haspopup="dialog">
        Scale deployment
      </button>
      <button type="button" className="btn" onClick={() => setOpen("delete")} aria-haspopup="dialog">
        Delete pod
      </button>
      <FaultsMenu />
      <button type="button" className="btn" onClick={() => setOpen("reset")} aria-haspopup="dialog">
        Reset
      </button>
      {/* Mounted only while open, so a closed dialog subscribes to nothing. */}
      {open === "create" && <CreateDeploymentDialog onClose={close} />}
      {open === "scale" && <ScaleDeploymentDialog onClose={close} />}
      {open === "delete" && <DeletePodDialog onClose={close} />}
      {open === "reset" && <ResetDialog onClose={close} />}
    </div>
  );
}

/**
 * A dialog's submit: runs its line through the store after kubectl's own checks and closes, or keeps
 * the dialog open with kubectl's error.
 */
function useRunLine(onClose: () => void): { error: string | null; run: (line: string) => void } {
  const [error, setError] = useState<string | null>(null);
  const run = (line: string) => {
    const parsed = parseAction(line);
    if ("error" in parsed) return setError(parsed.error);
    void useCluster.getState().command(line);
    onClose();
  };
  return { error, run };
}

/** The API objects of one resource (`deployments`, `pods`), by name. */
function useObjectsOf<T extends KObject>(resource: string): T[] {
  const objects = useCluster((s) => s.objects);
  return useMemo(
    () =>
      Object.values(objects)
        .filter((o) => o.resource === resource)
        .map((o) => o.object as T)
        .sort((a, b) => naturalCompare(a.metadata.name, b.metadata.name)),
    [objects, resource],
  );
}

function DialogError({ error }: { error: string | null }) {
  return error ? (
    <p className="command-error" role="alert">
      {error}
    </p>
  ) : null;
}

function CreateDeploymentDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const [name, setName] = useState("api");
  const [image, setImage] = useState("nginx");
  const [replicas, setReplicas] = useState(3);
  const { error, run } = useRunLine(onClose);
  const line = createDeploymentLine(name, image, replicas);
  return (
    <Dialog
      title="Create deployment"
      onClose={onClose}
      onSubmit={() => run(line)}
      actions={
        <button type="submit" className="btn btn-primary">
          Create
        </button>
      }
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.currentTarget.value)} spellCheck={false} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-image`}>Image</label>
        <input id={`${id}-image`} value={image} onChange={(e) => setImage(e.currentTarget.value)} spellCheck={false} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-replicas`}>Replicas</label>
        <input id={`${id}-replicas`} type="number" min={0} max={100} value={replicas} onChange={(e) => setReplicas(e.currentTarget.valueAsNumber || 0)} />
      </div>
      <CommandPreview line={line} />
      <DialogError error={error} />
    </Dialog>
  );
}

function ScaleDeploymentDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const deployments = useObjectsOf<Deployment>("deployments");
  const [picked, setPicked] = useState("");
  const [replicas, setReplicas] = useState<number | null>(null);
  const { error, run } = useRunLine(onClose);
  const current = deployments.find((d) => d.metadata.name === picked) ?? deployments[0];
  const count = replicas ?? current?.spec.replicas ?? 1;
  const line = current ? scaleDeploymentLine(current.metadata.name, count) : "";
  return (
    <Dialog
      title="Scale deployment"
      onClose={onClose}
      onSubmit={() => current && run(line)}
      actions={
        <button type="submit" className="btn btn-primary" disabled={!current}>
          Scale
        </button>
      }
    >
      {deployments.length === 0 ? (
        <p>There are no deployments yet. Create one first.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-deployment`}>Deployment</label>
            <select
              id={`${id}-deployment`}
              value={current?.metadata.name}
              onChange={(e) => {
                setPicked(e.currentTarget.value);
                setReplicas(null);
              }}
            >
              {deployments.map((d) => (
                <option key={d.metadata.name} value={d.metadata.name}>
                  {d.metadata.name} ({d.spec.replicas ?? 1} replicas)
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-replicas`}>Replicas</label>
            <input id={`${id}-replicas`} type="number" min={0} max={100} value={count} onChange={(e) => setReplicas(e.currentTarget.valueAsNumber || 0)} />
          </div>
          <CommandPreview line={line} />
        </>
      )}
      <DialogError error={error} />
    </Dialog>
  );
}

function DeletePodDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const pods = useObjectsOf<Pod>("pods");
  // Statuses as of opening the dialog: a running clock would redraw the list under an open select.
  const now = useCluster.getState().clock.time;
  const [picked, setPicked] = useState("");
  const { error, run } = useRunLine(onClose);
  const current = pods.find((p) => p.metadata.name === picked) ?? pods[0];
  const line = current ? deletePodLine(current.metadata.name) : "";
  return (
    <Dialog
      title="Delete pod"
      onClose={onClose}
      onSubmit={() => current && run(line)}
      actions={
        <button type="submit" className="btn btn-danger" disabled={!current}>
          Delete pod
        </button>
      }
    >
      {pods.length === 0 ? (
        <p>There are no pods.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-pod`}>Pod</label>
            <select id={`${id}-pod`} value={current?.metadata.name} onChange={(e) => setPicked(e.currentTarget.value)}>
              {pods.map((p) => (
                <option key={p.metadata.name} value={p.metadata.name}>
                  {p.metadata.name} ({podRow(p, now)[2]}
                  {p.spec.nodeName ? ` on ${p.spec.nodeName}` : ", not scheduled"})
                </option>
              ))}
            </select>
          </div>
          <CommandPreview line={line} />
        </>
      )}
      <DialogError error={error} />
    </Dialog>
  );
}

function ResetDialog({ onClose }: { onClose: () => void }) {
  const reset = useCluster((s) => s.reset);
  // In a lesson, Reset starts the lesson again (as the R key does), not the default cluster under its narration.
  const [lesson] = useState(() => (inLesson() ? lessonControls() : null));
  return (
    <Dialog
      title={lesson ? "Start the lesson again?" : "Reset the cluster?"}
      onClose={onClose}
      onSubmit={() => {
        if (lesson) lesson.reset();
        else reset();
        onClose();
      }}
      actions={
        <button type="submit" className="btn btn-danger">
          Reset
        </button>
      }
    >
      <p>
        {lesson
          ? "Back to the lesson's first step, its cluster as the lesson starts it. What you did on this timeline is forgotten."
          : "Back to the start: the default cluster with the web deployment being created. What you did on this timeline is forgotten."}
      </p>
    </Dialog>
  );
}

/** The line a dialog will run, so people learn the command language by using the buttons. */
function CommandPreview({ line }: { line: string }) {
  return (
    <p className="command-preview">
      Runs{" "}
      <code>
        {line.split(" ").map((word, i) => (
          <Fragment key={i}>
            {i > 0 && " "}
            <span>{word}</span>
          </Fragment>
        ))}
      </code>
    </p>
  );
}
