/**
 * The toolbar's dialogs write lines in the action language and run them like the command bar, so
 * what a button does is exactly what a person could type.
 */

/** Quotes a word for the action language's shell-like tokenizer when it needs it. */
export function shellWord(word: string): string {
  if (word !== "" && /^[A-Za-z0-9@%+=:,./_-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function createDeploymentLine(name: string, image: string, replicas: number): string {
  return `kubectl create deployment ${shellWord(name.trim())} --image=${shellWord(image.trim())} --replicas=${replicas}`;
}

export function scaleDeploymentLine(name: string, replicas: number): string {
  return `kubectl scale deployment ${shellWord(name)} --replicas=${replicas}`;
}

export function deletePodLine(name: string): string {
  return `kubectl delete pod ${shellWord(name)}`;
}

export function machineLine(verb: "stop" | "start", machine: string): string {
  return `${verb} node ${shellWord(machine)}`;
}
