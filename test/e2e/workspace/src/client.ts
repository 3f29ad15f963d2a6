// Route A fixes this call through the UI: Ctrl+. on `fetch`, Enter, Ctrl+S.
export async function getUser(id: string) {
  const res = await fetch(`https://api.example.com/users/${id}`);
  return res.json();
}
