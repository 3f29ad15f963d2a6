// The analysis, the Linter and the fix engine work on path strings; VS Code on URIs. Local files
// use their file-system path; other schemes (virtual workspaces) use the URI's path, and map back
// through a URI of the same workspace folder.
import * as vscode from 'vscode';

export function pathOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

export function uriOf(filePath: string, sameFileSystemAs: vscode.Uri): vscode.Uri {
  return sameFileSystemAs.scheme === 'file' ? vscode.Uri.file(filePath) : sameFileSystemAs.with({ path: filePath });
}
