package io.ledger.web.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's own filter chain, consulted before the API's: a login form, a session with CSRF
 * protection, logout. The API under {@code /api} keeps its stateless Basic authentication because
 * this chain never matches it.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain consoleFilterChain(HttpSecurity http) throws Exception {
        http
                .securityMatcher("/", "/login", "/logout", "/console", "/console/**", "/webjars/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/webjars/**", "/console/static/**").permitAll()
                        .requestMatchers("/console/officer/**", "/console/programs/**").hasRole("FINANCE_OFFICER")
                        .requestMatchers("/console/agency/**").hasRole("AGENCY")
                        .requestMatchers("/console/audit/**").hasRole("AUDITOR")
                        .requestMatchers("/console/facilities/**")
                        .hasAnyRole("FACILITY_OPERATOR", "FINANCE_OFFICER", "AUDITOR")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/console", true).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(session -> session.invalidSessionUrl("/login?expired"))
                .exceptionHandling(ex -> ex.accessDeniedPage("/console/forbidden"));
        return http.build();
    }
}
