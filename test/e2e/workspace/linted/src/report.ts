export async function sendReport(body: string) {
  return fetch('https://reports.example.com/upload', { method: 'PUT', body });
}
