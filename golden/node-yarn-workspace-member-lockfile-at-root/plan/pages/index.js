export default function Home() {
  return <p>plan</p>;
}
