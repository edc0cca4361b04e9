import { Component, type ErrorInfo, type ReactNode } from "react";
import { WarningIcon } from "./WarningIcon";

interface Props {
  /** What this part of the page shows, for the message: "The cluster picture". */
  what: string;
  children: ReactNode;
}

/**
 * Keeps one part of the page from taking the rest down with it: if drawing it throws, that part says
 * so in words and offers to draw it again, while playback, events and the command bar keep working.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`ClusterScope: ${this.props.what} failed to draw`, error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="draw-error" role="alert">
        <p>
          <WarningIcon /> {this.props.what} stopped drawing: {error.message}
        </p>
        <button type="button" className="btn btn-primary" onClick={() => this.setState({ error: null })}>
          Draw it again
        </button>
      </div>
    );
  }
}
