export function Stock(props: { sku: string }) {
  const load = () => fetch(`https://inventory.example.com/stock/${props.sku}`);
  return <button onClick={load}>stock</button>;
}
