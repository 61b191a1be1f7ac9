import { redirect } from "next/navigation";

// The console starts at the device list; the console layout sends visitors to sign in.
export default function Home() {
  redirect("/devices");
}
