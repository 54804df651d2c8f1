export default function Home() { return "journal" }
