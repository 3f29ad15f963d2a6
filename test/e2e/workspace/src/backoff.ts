// A hand-rolled retry of a GET whose wait grows exponentially but without jitter. Fix-all on save
// applies the one edit that cannot change behaviour (the wait × (0.5 + Math.random()): the same
// average wait) and nothing else: the timeout the fetch lacks and the rules' other suggestions
// (full jitter, …) change behaviour, so they wait for a quick fix someone chooses.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function getProfile(id: string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const res = await fetch(`https://profiles.example.com/profiles/${id}`);
      return await res.json();
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(200 * 2 ** attempt);
    }
  }
}
